/**
 * "Throttle Retry Budget (Seconds)": how long a request the provider refused for its rate limit is retried.
 * A throttling answer means the request was not executed, so repeating it is always safe; the budget bounds how
 * long a busy account (other n8n workers, other clients of the same AccessKey) may delay the workflow.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldError } from './errors';

export const DEFAULT_THROTTLE_BUDGET_SECONDS = 120;
/** One hour: a longer wait belongs in a Wait node or a schedule, not in one HTTP call. */
export const MAX_THROTTLE_BUDGET_SECONDS = 3600;

const FIELD = 'Throttle Retry Budget (Seconds)';

/** Node-level field (both action nodes list it last, for every operation). */
export const throttleBudgetField: INodeProperties = {
	displayName: FIELD,
	name: 'throttleRetryBudgetSeconds',
	type: 'number',
	default: DEFAULT_THROTTLE_BUDGET_SECONDS,
	typeOptions: { minValue: 0, maxValue: MAX_THROTTLE_BUDGET_SECONDS },
	description:
		'How long to keep retrying a request the provider refused because of its rate limit (such a request was not executed, so retrying is safe). Raise it when several workflows or n8n workers share one account; 0 = fail at the first refusal.',
};

/** Read once per execution (the context object lives exactly as long as one node execution). */
const perExecution = new WeakMap<object, number | Error>();

function isExecuteContext(context: object): context is IExecuteFunctions {
	return typeof (context as IExecuteFunctions).getInputData === 'function';
}

/**
 * Hooks, webhooks and list searches have no such field, and someone waits on them: the editor on a list search,
 * the provider's callback (with its own timeout) on a webhook. They keep retries about as short as the former
 * fixed attempt count did.
 */
const OUTSIDE_EXECUTION_BUDGET_MS = 10_000;

/** The budget in milliseconds. A bad value fails every request of the execution before it is sent. */
export function throttleBudgetMs(context: object): number {
	if (!isExecuteContext(context)) return OUTSIDE_EXECUTION_BUDGET_MS;
	let known = perExecution.get(context);
	if (known === undefined) {
		known = readBudget(context);
		perExecution.set(context, known);
	}
	if (known instanceof Error) throw known;
	return known;
}

function readBudget(context: IExecuteFunctions): number | Error {
	const raw = context.getNodeParameter('throttleRetryBudgetSeconds', 0, DEFAULT_THROTTLE_BUDGET_SECONDS) as unknown;
	const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_THROTTLE_BUDGET_SECONDS) {
		const shown = typeof raw === 'string' ? `"${raw.slice(0, 40)}"` : typeof raw === 'object' && raw !== null ? 'an object' : String(raw);
		return fieldError(
			context.getNode(),
			0,
			FIELD,
			`${shown} is not a number of seconds from 0 to ${MAX_THROTTLE_BUDGET_SECONDS}`,
			`Enter e.g. ${DEFAULT_THROTTLE_BUDGET_SECONDS} (seconds), or 0 to stop at the first throttling answer.`,
		);
	}
	return seconds * 1000;
}
