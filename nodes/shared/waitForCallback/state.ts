/**
 * What survives the wait. n8n discards whatever `execute()` returned before waiting; the node's context
 * (`getContext('node')`) is saved with the waiting execution (also across an n8n restart) and `webhook()` reads it
 * back through an expression (`getContext` does not exist in webhook functions).
 */
import { randomBytes } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldError } from '../errors';
import { secretsEqual } from '../callbackTrigger/http';

const CONTEXT_KEY = 'waitForCallback';
/** The query parameter carrying the batch marker (n8n's resume token covers neither extra parameters nor the path). */
export const MARKER_PARAMETER = 'batch';

/** An item that failed before the wait (Continue On Fail): emitted as its error item on resume. */
export interface SavedFailure {
	itemIndex: number;
	message: string;
	description?: string;
}

export interface WaitState<T> {
	version: 1;
	/** Random per execution, in every callback URL: a call without it is not one of ours. */
	marker: string;
	/** The URL given to the provider (resume URL + marker): VOD signs exactly this string. */
	callbackUrl: string;
	deadline: number;
	itemCount: number;
	failures: SavedFailure[];
	data: T;
}

export function newMarker(): string {
	return randomBytes(16).toString('hex');
}

/** `$execution.resumeUrl` plus the batch marker; refuses when n8n gives no resume URL (e.g. an AI agent tool call). */
export function callbackUrlFor(this: IExecuteFunctions, marker: string): string {
	// n8n names a node used as an AI agent tool `<type>Tool`: an agent's tool call cannot wait.
	if (this.getNode().type.endsWith('Tool')) {
		throw new NodeOperationError(this.getNode(), 'An AI agent cannot wait for callbacks', {
			description: 'Use Create / Submit (and Get or Wait for Completion later) as the tool instead.',
		});
	}
	const resumeUrl = this.getWorkflowDataProxy(0).$execution.resumeUrl as unknown;
	if (typeof resumeUrl !== 'string' || !/^https?:\/\//i.test(resumeUrl)) {
		throw new NodeOperationError(this.getNode(), 'This execution has no resume URL to receive callbacks', {
			description: 'Run the operation inside a workflow (not as an AI agent tool), and set WEBHOOK_URL to the public URL of n8n.',
		});
	}
	const url = new URL(resumeUrl);
	url.searchParams.set(MARKER_PARAMETER, marker);
	return url.toString();
}

export function readDeadline(this: IExecuteFunctions, now = Date.now()): number {
	const minutes = Number(this.getNodeParameter('maxWaitMinutes', 0, 1440));
	if (!Number.isFinite(minutes) || minutes <= 0) {
		throw fieldError(this.getNode(), 0, 'Maximum Wait (Minutes)', 'must be a number above 0', 'Enter e.g. 1440 for one day.');
	}
	return now + minutes * 60_000;
}

export function saveWaitState<T>(ctx: IExecuteFunctions, state: WaitState<T>): void {
	ctx.getContext('node')[CONTEXT_KEY] = state as unknown as IDataObject;
}

/** The state saved by `execute()`, or undefined when there is none (not a waiting execution of this node). */
export function loadWaitState<T>(ctx: IWebhookFunctions): WaitState<T> | undefined {
	const name = JSON.stringify(ctx.getNode().name);
	const context = ctx.evaluateExpression(`{{ $(${name}).context }}`, 0) as IDataObject | undefined;
	const state = context?.[CONTEXT_KEY] as WaitState<T> | undefined;
	if (!state || state.version !== 1 || typeof state.marker !== 'string') return undefined;
	// Detach from n8n's proxies: the handlers only read it.
	return JSON.parse(JSON.stringify(state)) as WaitState<T>;
}

/** True when the call carries this execution's batch marker (constant-time). */
export function markerMatches(ctx: IWebhookFunctions, state: WaitState<unknown>): boolean {
	const value = ctx.getQueryData() as IDataObject;
	return secretsEqual(value?.[MARKER_PARAMETER], state.marker);
}

export function toSavedFailure(error: Error & { description?: string | null }, itemIndex: number): SavedFailure {
	return { itemIndex, message: error.message, ...(error.description ? { description: error.description } : {}) };
}
