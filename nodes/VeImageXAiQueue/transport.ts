/**
 * The only place this node sends HTTP. Every veImageX call goes through `veImageXRequest`, which
 * 1. refuses cn-north-1-only actions in other regions before anything is sent,
 * 2. paces each action to its documented per-second quota (process-wide, see nodes/shared/pacing),
 * 3. parses `ResponseMetadata.Error` whatever the HTTP status and turns it into a NodeApiError with a hint,
 * 4. retries throttling (429 / FlowLimitExceeded) for every action within the node's Throttle Retry Budget, and
 *    with jittered backoff "never reached the server" for every action, 5xx and ambiguous transport failures only
 *    for reads — or for writes the user opted in for.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isVeImageXActionAllowed, VEIMAGEX_CN_NORTH_ONLY_ACTIONS, volcengineBaseUrl, volcengineRegion } from '../../credentials/common/endpoints';
import { explainingAmbiguity, isAmbiguousAnswer, parseAnswer, requireAnswerId, unreadableAnswer, type AnswerContext, type WriteEffect } from '../shared/answers';
import { providerError } from '../shared/errors';
import { deferSlots, pace, quotaKey, releaseSlots } from '../shared/pacing';
import { DEFAULT_RETRY, parseRetryAfter, transportFailureKind, withRetry } from '../shared/retry';
import { scrubbingErrors, SecretScrubber } from '../shared/secrets';
import { throttleBudgetMs } from '../shared/throttleBudget';

export const CREDENTIAL_TYPE = 'volcengineImageXApi';
export const API_VERSION = '2023-05-01';

/** Hook and webhook contexts too: the callback trigger (de)registers queue callbacks through this transport. */
type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

interface ActionSpec {
	method: 'GET' | 'POST';
	/** Documented per-action quota (veimagex-api.md §1, §3). */
	perSecond: number;
	/** Reads may be repeated after an ambiguous failure; writes may not (unless the user opts in). */
	read: boolean;
	timeoutMs: number;
	/**
	 * Space the next call a full interval from this call's ANSWER, not its send (1/s quotas: the window holds one
	 * call). With bodies of up to 10 000 URLs a call is counted only once its whole body has arrived and been
	 * verified (so in the sandbox), which varies with body size and load: counted from the send, a small body after
	 * a large one was seen landing < 1 s later (429, an extra call). The answer comes after the call was counted,
	 * so answer + interval always clears the window.
	 */
	paceFromAnswer?: boolean;
	/** API Version when not the AI queue family's API_VERSION (service management is 2018-08-01). */
	version?: string;
}

const QUEUE_API = { perSecond: 10, timeoutMs: 10_000 };

export const ACTIONS = {
	CreateImageAIProcessQueue: { method: 'POST', read: false, ...QUEUE_API },
	UpdateImageAIProcessQueue: { method: 'POST', read: false, ...QUEUE_API },
	UpdateImageAIProcessQueueStatus: { method: 'POST', read: false, ...QUEUE_API },
	DeleteImageAIProcessQueue: { method: 'POST', read: false, ...QUEUE_API },
	GetImageAIProcessQueues: { method: 'GET', read: true, ...QUEUE_API },
	CreateImageAITask: { method: 'POST', read: false, perSecond: 1, timeoutMs: 10_000, paceFromAnswer: true },
	GetImageAITasks: { method: 'GET', read: true, ...QUEUE_API },
	GetImageAIDetails: { method: 'GET', read: true, ...QUEUE_API },
	DeleteImageAIProcessDetail: { method: 'POST', read: false, ...QUEUE_API },
	CreateImageAIProcessCallback: { method: 'POST', read: false, ...QUEUE_API },
	AIProcess: { method: 'POST', read: false, perSecond: 1, timeoutMs: 30_000 },
	// Not in the provider reference: declared by the official Node SDK (@volcengine/openapi, imagex client.js).
	// 10/s is UNVERIFIED (no documented quota). Available in every region (not a cn-north-1-only AI action).
	GetAllImageServices: { method: 'GET', read: true, version: '2018-08-01', ...QUEUE_API },
} satisfies Record<string, ActionSpec>;

export type VeImageXAction = keyof typeof ACTIONS;

export interface RequestOptions {
	itemIndex?: number;
	/** User opt-in: repeat a write after a failure where the provider may already have acted. */
	retryAmbiguous?: boolean;
	/** A field of `Result` the action must return (e.g. TaskId): a 2xx answer without it is an ambiguous failure. */
	requiredId?: string;
	/** Parameters that are secrets themselves (e.g. a callback secret): scrubbed from any error. */
	secretValues?: string[];
}

/** What a write may have done when its answer cannot be used, and where the user can check (reads: nothing). */
const WRITE_EFFECTS: Partial<Record<VeImageXAction, WriteEffect>> = {
	CreateImageAITask: {
		effect: 'the task may have been created',
		hint: 'Look for the task with Task → Get Many (this queue, the last minutes)',
	},
	CreateImageAIProcessQueue: { effect: 'the queue may have been created', hint: 'Look for the queue with Queue → Get Many' },
	AIProcess: { effect: 'the image may have been processed (and billed)', hint: 'Check the output location of the template' },
};
const OTHER_WRITE_EFFECT = { effect: 'the change may have been applied', hint: 'Check the queue, task or entry' };

/** Stay a little under the documented rate (clock and network jitter), as nodes/shared/pacing does by default. */
const PACING_HEADROOM = 0.97;

const THROTTLE_CODES = new Set(['FlowLimitExceeded', 'AccountFlowLimitExceeded']);

const HINTS: Record<string, string> = {
	SignatureDoesNotMatch:
		'Check the Secret Access Key in the credential (no leading or trailing spaces) and that the clock of the n8n machine is correct.',
	InvalidAccessKey: 'Check the Access Key ID in the credential (no leading or trailing spaces).',
	MissingAuthenticationToken: 'Check the Access Key ID and Secret Access Key in the credential.',
	InvalidTimestamp: 'The clock of the n8n machine is off: synchronise it (NTP) and try again.',
	LackPolicy:
		'The IAM user of this Access Key lacks a policy for this veImageX action: attach a veImageX policy (for example ImageXFullAccess) in the Volcengine IAM console.',
	AccessDenied: 'The Access Key is not allowed to do this: check its IAM policy and the service/queue it targets.',
	InvalidActionOrVersion:
		"The action is not available here: the task, entry and AI Process actions exist only in region cn-north-1 (check the credential's Region).",
	ServiceNotFound: "Check the credential's Service Name (normally 'imagex') and Region.",
	FlowLimitExceeded:
		'veImageX kept throttling for the whole "Throttle Retry Budget (Seconds)": raise the budget, run fewer executions of this workflow at the same time, or try again later.',
	AccountFlowLimitExceeded:
		'The account-wide veImageX rate limit held for the whole "Throttle Retry Budget (Seconds)": raise the budget, reduce parallel workflows using this account, or try again later.',
	InternalError: 'Temporary veImageX problem: try again later.',
	InternalServiceTimeout: 'Temporary veImageX problem: try again later.',
	ServiceUnavailableTemp: 'Temporary veImageX problem: try again later.',
};

/** Provider hint for the error code; InvalidParameter-style codes get a generic pointer to the fields. */
function hintFor(code: string, action: VeImageXAction): string {
	// The cn-north-1 hint is only true of the AI actions; for others (e.g. GetAllImageServices) it misleads.
	if (code === 'InvalidActionOrVersion' && !VEIMAGEX_CN_NORTH_ONLY_ACTIONS.includes(action)) {
		return `veImageX does not offer ${action} at this address: check the credential's Region and Endpoint (leave Endpoint empty for the official one).`;
	}
	return (
		HINTS[code] ??
		(/^Invalid|Missing|NotFound|NotExist/i.test(code)
			? 'Check the values of the node fields named in the message (IDs, time window, JSON parameters).'
			: 'See the veImageX error code list: https://www.volcengine.com/docs/508/1104726')
	);
}

interface AccountContext {
	key: string;
	region: string;
	/** The credential's secrets, never to be echoed in an error. */
	secrets: string[];
}

/** The credential's values that must never be shown. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.secretAccessKey, credentials.sessionToken].filter((value): value is string => typeof value === 'string');
}

/** Reads the credential (region, endpoint, access key) without sending anything — kept apart from the HTTP call
 *  so the credential's `authenticate` stays the only thing that signs. */
async function accountContext(this: Context, action: VeImageXAction, itemIndex: number): Promise<AccountContext> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const region = volcengineRegion(credentials);
	if (!isVeImageXActionAllowed(action, region)) {
		throw new NodeOperationError(
			this.getNode(),
			`This operation is only available in region cn-north-1, but the credential uses region '${region}'`,
			{
				itemIndex,
				description:
					"veImageX offers tasks, entries and AI Process only in cn-north-1 (China North 1): select a credential whose Region is 'cn-north-1'.",
			},
		);
	}
	const key = quotaKey('veimagex', volcengineBaseUrl(credentials), String(credentials.accessKeyId ?? ''), action);
	return { key, region, secrets: credentialSecrets(credentials) };
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

/** Server-requested delay per thrown error, so `classify` can honour Retry-After. */
const serverDelays = new WeakMap<object, number>();

function headerValue(headers: FullResponse['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function errorCode(error: unknown): { code?: string; httpStatus?: number } {
	const context = (error as { context?: JsonObject })?.context;
	if (!context || typeof context !== 'object') return {};
	return {
		code: typeof context.code === 'string' ? context.code : undefined,
		httpStatus: typeof context.httpStatus === 'number' ? context.httpStatus : undefined,
	};
}

/** A success answer's `Result` once it is proven to be veImageX's envelope carrying what the action returns. */
function checkedResult(envelope: IDataObject, context: AnswerContext, problem: string | undefined, requiredId: string | undefined): IDataObject {
	const metadata = envelope.ResponseMetadata;
	if (problem || !metadata || typeof metadata !== 'object') {
		throw unreadableAnswer(context, problem ?? 'the body has no ResponseMetadata (not a veImageX answer)');
	}
	const result = (envelope.Result && typeof envelope.Result === 'object' ? envelope.Result : {}) as IDataObject;
	if (requiredId) requireAnswerId(result, requiredId, context);
	return result;
}

/** Sends one veImageX action and returns its `Result` (or `{}` for actions that return only metadata). */
export async function veImageXRequest(
	this: Context,
	action: VeImageXAction,
	params: IDataObject,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const spec: ActionSpec = ACTIONS[action];
	const itemIndex = options.itemIndex ?? 0;
	const { key, secrets } = await accountContext.call(this, action, itemIndex);
	const budgetMs = throttleBudgetMs(this);
	const node = this.getNode();

	const version = spec.version ?? API_VERSION;
	const request: IHttpRequestOptions = {
		method: spec.method,
		url: '/',
		qs: spec.method === 'GET' ? { Action: action, Version: version, ...params } : { Action: action, Version: version },
		body: spec.method === 'POST' ? params : undefined,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: spec.timeoutMs,
	};

	const classify = (error: unknown) => {
		const { code, httpStatus } = errorCode(error);
		const delayMs = error && typeof error === 'object' ? serverDelays.get(error) : undefined;
		// A 2xx answer that cannot be used: the provider may have acted, as after a lost connection.
		if (isAmbiguousAnswer(error)) return { retry: spec.read || options.retryAmbiguous === true };
		if (httpStatus === 429 || (code && THROTTLE_CODES.has(code))) {
			// The provider refused the request: nothing was accepted, so repeating is safe for every action.
			if (delayMs) deferSlots(key, delayMs);
			return { retry: true, delayMs, throttled: true };
		}
		const mayRepeat = spec.read || options.retryAmbiguous === true;
		if (httpStatus !== undefined && httpStatus >= 500) return { retry: mayRepeat, delayMs };
		const transport = transportFailureKind(error);
		if (transport === 'not-sent') return { retry: true };
		if (transport === 'ambiguous') return { retry: mayRepeat };
		return { retry: false };
	};

	const scrubber = new SecretScrubber([...secrets, ...(options.secretValues ?? [])]);
	const write = spec.read ? undefined : (WRITE_EFFECTS[action] ?? OTHER_WRITE_EFFECT);
	return await scrubbingErrors(scrubber, explainingAmbiguity(write, withRetry(
		async () => {
			const reservation = await pace(key, spec.perSecond, PACING_HEADROOM);
			// pace() reserved a slot when it was called; if this request leaves later than that (busy event loop,
			// thousands of items being prepared), the next one must still keep a full interval from this send.
			reservation.until = deferSlots(key, 1000 / (spec.perSecond * PACING_HEADROOM));
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				request,
			)) as FullResponse;
			if (spec.paceFromAnswer) reservation.until = deferSlots(key, 1000 / (spec.perSecond * PACING_HEADROOM));
			const answer = parseAnswer(response.body);
			const envelope = answer.json ?? {};
			const metadata = (envelope.ResponseMetadata ?? {}) as IDataObject;
			const providerErr = metadata.Error as IDataObject | undefined;
			const status = response.statusCode;
			const requestId = typeof metadata.RequestId === 'string' ? metadata.RequestId : headerValue(response.headers, 'x-tt-logid');
			if ((providerErr && (providerErr.Code || providerErr.CodeN)) || status >= 400) {
				const code = String(providerErr?.Code ?? (status === 429 ? 'FlowLimitExceeded' : `HTTP${status}`));
				const error: NodeApiError = providerError(
					node,
					{
						provider: 'veImageX',
						code,
						codeN: typeof providerErr?.CodeN === 'number' ? providerErr.CodeN : undefined,
						message: String(providerErr?.Message ?? (answer.text || `HTTP status ${status}`)),
						requestId,
						httpStatus: status,
						hint: hintFor(code, action),
					},
					itemIndex,
				);
				if (status === 429 || THROTTLE_CODES.has(code)) releaseSlots(key, reservation);
				const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
				if (retryAfter !== undefined) serverDelays.set(error, retryAfter);
				throw error;
			}
			return checkedResult(envelope, {
				node,
				provider: 'veImageX',
				action,
				httpStatus: status,
				requestId,
				itemIndex,
				...write,
			}, answer.problem, options.requiredId);
		},
		{ ...DEFAULT_RETRY, classify, throttleBudgetMs: budgetMs, quotaIntervalMs: 1000 / spec.perSecond },
	)));
}
