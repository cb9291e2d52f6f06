/**
 * The only place that sends HTTP for this node. Every call is paced to the documented per-API quota
 * (process-wide), retried when that is safe (throttling within the node's Throttle Retry Budget, other failures
 * with backoff), re-signed on every attempt by the credential
 * (fresh nonce and timestamp), and provider envelopes become NodeApiError even when the HTTP status is 200.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { VOD_API_VERSION } from '../../credentials/common/aliyunAuth';
import { explainingAmbiguity, isAmbiguousAnswer, parseAnswer, requireAnswerId, unreadableAnswer, type AnswerContext, type WriteEffect } from '../shared/answers';
import { providerError } from '../shared/errors';
import { deferSlots, pace, quotaKey, releaseSlots } from '../shared/pacing';
import { admitToWindow } from '../shared/slidingWindow';
import { DEFAULT_RETRY, transportFailureKind, withRetry } from '../shared/retry';
import type { RetryDecision } from '../shared/retry';
import { scrubbingErrors, SecretScrubber } from '../shared/secrets';
import { throttleBudgetMs } from '../shared/throttleBudget';
import type { VodContext } from './helpers/context';
import { hintFor } from './helpers/hints';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * `pace` only spreads the sends evenly; staying inside every 1 s window despite jitter is `admitToWindow`'s job
 * (its margin caps the rate at perSecond per 1.025 s). A second safety margin here would only lower the rate
 * further (pace's default 0.97 held submits at 97 % of the quota instead of 97.5 %).
 */
const PACE_HEADROOM = 0.995;

/** Documented QPS per API and account (vod-api.md §5.3). Unknown values are assumed at the family's rate. */
export const VOD_QPS: Readonly<Record<string, number>> = {
	SubmitAIImageJob: 30,
	GetAIImageJobs: 30,
	ListAIImageInfo: 100,
	DeleteAIImageInfos: 100,
	AddAITemplate: 5,
	GetAITemplate: 5,
	ListAITemplate: 5,
	UpdateAITemplate: 5,
	DeleteAITemplate: 5,
	SetDefaultAITemplate: 5,
	SetMessageCallback: 15,
	GetMessageCallback: 15,
};

/**
 * read: safe to repeat; idempotent: a repeat has the same effect (delete, update, set default, set callback);
 * create: a repeat creates a duplicate (submit, add template) -> repeated only when the first attempt was
 * certainly not accepted, unless the user opted in.
 */
export type CallKind = 'read' | 'idempotent' | 'create';

export interface VodCallOptions {
	kind: CallKind;
	itemIndex?: number;
	/** User opt-in: also repeat a `create` call after an ambiguous failure (5xx, connection lost after sending). */
	retryAmbiguous?: boolean;
	/** Parameters that are secrets themselves (e.g. a callback AuthKey): scrubbed from any echoed message. */
	secretValues?: string[];
	/** A field the success body must carry (e.g. JobId): a 2xx answer without it is an ambiguous failure. */
	requiredId?: string;
	/**
	 * Parameters sent even when empty (by default empty values are dropped): where the API gives the empty value
	 * a meaning, e.g. SetMessageCallback `EventTypeList` empty = all notifications off (vod-api.md §3.1).
	 */
	keepEmpty?: readonly string[];
}

/** Hook and webhook contexts too: the callback trigger registers and confirms through this transport. */
export type VodThis = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

interface FullResponse {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

/** Codes proving the gateway rejected the request before the API ran it. */
const NOT_ACCEPTED_CODES = new Set(['SignatureNonceUsed']);
const SERVER_ERROR_CODES = new Set(['InternalError', 'ServiceUnavailable', 'ServiceUnAvailable']);

/** Errors built here from a provider answer (as opposed to transport failures wrapped by n8n). */
const providerAnswers = new WeakSet<object>();

/** What a call may have done when its answer cannot be used, and where the user can check. */
const EFFECTS: Record<string, WriteEffect> = {
	SubmitAIImageJob: { effect: 'the job may have been created', hint: "Check the video's AI image jobs in the VOD console" },
	AddAITemplate: { effect: 'the template may have been created', hint: 'Look for it with Template > Get Many' },
};
const IDEMPOTENT_EFFECT = { effect: 'the change may have been applied (repeating it is harmless)', hint: 'Check the setting in the VOD console' };

/** A success body once it is proven to be VOD's JSON (every VOD answer carries a RequestId) with what the call returns. */
function checkedBody(body: IDataObject | undefined, context: AnswerContext, problem: string | undefined, requiredId: string | undefined): IDataObject {
	if (problem || !body || typeof body.RequestId !== 'string' || body.RequestId === '') {
		throw unreadableAnswer(context, problem ?? 'the body has no RequestId (not a VOD answer)');
	}
	if (requiredId) requireAnswerId(body, requiredId, context);
	return body;
}

function header(headers: FullResponse['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * `x-acs-retry-after` is a backoff in milliseconds (the official SDK treats it so), counted by the gateway from
 * when it refused the request, i.e. about half a round trip after `sentAt`. What is still due when the answer is
 * read: the delay minus the round trip, so the retry reaches the gateway when it said, not a round trip late (a
 * slot freed in a sliding window and left idle for that long is lost for good).
 */
function retryAfterMs(headers: FullResponse['headers'], sentAt: number): number | undefined {
	const value = Number(header(headers, 'x-acs-retry-after'));
	return Number.isFinite(value) && value > 0 ? Math.max(1, value - (Date.now() - sentAt)) : undefined;
}

function isProviderError(status: number, body: IDataObject): boolean {
	if (status >= 400) return true;
	// Success bodies of this API family never carry a top-level Code; errors may arrive with HTTP 200.
	return typeof body.Code === 'string' && body.Code !== '' && !/^(success|ok|0)$/i.test(body.Code);
}

function classify(kind: CallKind, retryAmbiguous: boolean, error: unknown): RetryDecision {
	const answered = typeof error === 'object' && error !== null && providerAnswers.has(error);
	const details = (answered ? (error as { context?: IDataObject }).context : undefined) ?? {};
	const code = answered && typeof details.code === 'string' ? details.code : '';
	const status = typeof details.httpStatus === 'number' ? details.httpStatus : 0;
	const serverDelay = typeof details.retryAfterMs === 'number' ? details.retryAfterMs : undefined;
	const repeatAmbiguous = kind !== 'create' || retryAmbiguous;
	// A 2xx answer that cannot be used: the provider may have acted, as after a lost connection.
	if (isAmbiguousAnswer(error)) return { retry: repeatAmbiguous };
	if (code) {
		// Throttling.* (any HTTP status), 429, or any refusal naming a retry delay: the API did not run the request.
		if (/^Throttling/i.test(code) || status === 429 || (serverDelay !== undefined && status >= 400)) {
			return { retry: true, delayMs: serverDelay, throttled: true };
		}
		if (NOT_ACCEPTED_CODES.has(code)) return { retry: true };
		if (status >= 500 || SERVER_ERROR_CODES.has(code)) return { retry: repeatAmbiguous, delayMs: serverDelay };
		return { retry: false };
	}
	const failure = transportFailureKind(error);
	if (failure === 'not-sent') return { retry: true };
	if (failure === 'ambiguous') return { retry: repeatAmbiguous };
	return { retry: false };
}

/** Calls one VOD RPC action and returns the parsed success body. */
export async function vodRequest(
	this: VodThis,
	context: VodContext,
	action: string,
	params: Record<string, string | undefined>,
	options: VodCallOptions,
): Promise<IDataObject> {
	const key = quotaKey(context.quotaScope, action);
	const qps = VOD_QPS[action] ?? 5;
	const budgetMs = throttleBudgetMs(this);
	const qs: IDataObject = { Action: action, Version: VOD_API_VERSION };
	for (const [name, value] of Object.entries(params)) {
		if (value !== undefined && (value !== '' || options.keepEmpty?.includes(name) === true)) qs[name] = value;
	}
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: '/',
		qs,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A request held open forever would stall the whole batch; a timeout is then classified like any
		// ambiguous failure (reads retried, submits not).
		timeout: REQUEST_TIMEOUT_MS,
	};
	// STS tokens travel in the query and gateway messages quote the string-to-sign: every error is scrubbed.
	const scrubber = new SecretScrubber([...context.secrets, ...(options.secretValues ?? [])]);
	const write = options.kind === 'read' ? undefined : (EFFECTS[action] ?? IDEMPOTENT_EFFECT);
	return await scrubbingErrors(scrubber, explainingAmbiguity(write, withRetry(
		async () => {
			const reservation = await pace(key, qps, PACE_HEADROOM);
			const leaveWindow = await admitToWindow(key, qps);
			// Each attempt goes through `authenticate` again: new SignatureNonce and timestamp.
			const sentAt = Date.now();
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'aliyunVodApi',
				{ ...request, qs: { ...qs } },
			)) as FullResponse;
			const answer = parseAnswer(response.body);
			const body = answer.json ?? {};
			if (!isProviderError(response.statusCode, body)) {
				return checkedBody(answer.json, {
					node: this.getNode(),
					provider: 'Alibaba Cloud VOD',
					action,
					httpStatus: response.statusCode,
					requestId: typeof body.RequestId === 'string' ? body.RequestId : header(response.headers, 'x-acs-request-id'),
					itemIndex: options.itemIndex,
					...write,
				}, answer.problem, options.requiredId);
			}
			const code = typeof body.Code === 'string' && body.Code ? body.Code : `HTTP${response.statusCode}`;
			const message = typeof body.Message === 'string' ? body.Message : answer.text || 'No message';
			const delay = retryAfterMs(response.headers, sentAt);
			if (delay !== undefined || /^Throttling/i.test(code) || response.statusCode === 429) {
				// Refused, not run: the gateway did not count it, so neither do the local schedule and window.
				releaseSlots(key, reservation);
				leaveWindow();
				deferSlots(key, delay ?? 1000);
			}
			const error = providerError(
				this.getNode(),
				{
					provider: 'Alibaba Cloud VOD',
					code,
					message,
					requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
					httpStatus: response.statusCode,
					recommend: typeof body.Recommend === 'string' ? body.Recommend : undefined,
					hint: hintFor(code, message, action),
				},
				options.itemIndex,
			);
			if (delay !== undefined) error.context.retryAfterMs = delay;
			providerAnswers.add(error);
			throw error;
		},
		{
			...DEFAULT_RETRY,
			classify: (error) => classify(options.kind, options.retryAmbiguous === true, error),
			throttleBudgetMs: budgetMs,
			quotaIntervalMs: 1000 / qps,
		},
	)));
}
