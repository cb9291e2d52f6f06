/**
 * Checking a provider's 2xx answer before trusting it. A body cut short, an HTML page from a proxy, or an envelope
 * without the ID the action returns is NOT a success: the provider may well have acted (created a task or a job
 * that nothing refers to). Such an answer becomes a NodeApiError that says what may have been created, with the
 * RequestId and HTTP status; the transports never repeat it for a write unless the user opted in.
 */
import type { IDataObject, INode, NodeApiError } from 'n8n-workflow';

import { providerError, type ProviderErrorDetails } from './errors';
import { transportFailureKind } from './retry';

export const UNREADABLE_ANSWER = 'UnreadableAnswer';
export const INCOMPLETE_ANSWER = 'IncompleteAnswer';

/** What a 2xx body turned out to be. */
export interface ParsedAnswer {
	/** The JSON object, when the body is one. */
	json?: IDataObject;
	/** Why it is not a JSON object (for the error message), else undefined. */
	problem?: string;
	/** The start of the text, for error answers whose body is not JSON. */
	text: string;
}

/** Parses a response body that should be a JSON object, saying what it is when it is not. */
export function parseAnswer(body: unknown): ParsedAnswer {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		return Array.isArray(body) ? { problem: 'the body is a JSON list, not the expected object', text: '' } : { json: body as IDataObject, text: '' };
	}
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	const start = text.slice(0, 500);
	if (text.trim() === '') return { problem: 'the body is empty', text: start };
	if (/^\s*</.test(text)) return { problem: 'the body is an HTML/XML page, not the provider\'s JSON (a proxy or gateway answered?)', text: start };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch {
		return { problem: 'the body is not valid JSON (cut short or damaged on the way)', text: start };
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem: 'the body is JSON but not the expected object', text: start };
	return { json: parsed as IDataObject, text: start };
}

export interface AnswerContext {
	node: INode;
	provider: ProviderErrorDetails['provider'];
	action: string;
	httpStatus: number;
	requestId?: string;
	itemIndex?: number;
	/**
	 * What the call may have done although its answer is useless, e.g. "the task may have been created";
	 * undefined for reads (nothing happened, repeating is harmless).
	 */
	effect?: string;
	/** How to find out / what to do, e.g. where to look for the task. */
	hint?: string;
}

/** Ambiguous failures built here: the transports treat them like a lost connection after sending. */
const ambiguousAnswers = new WeakSet<object>();

export function isAmbiguousAnswer(error: unknown): boolean {
	return typeof error === 'object' && error !== null && ambiguousAnswers.has(error);
}

/** Failed writes that may still have created something (said so in their message). */
const uncertainWrites = new WeakSet<object>();

export function mayHaveCreated(error: unknown): boolean {
	return typeof error === 'object' && error !== null && uncertainWrites.has(error);
}

function answerError(context: AnswerContext, code: string, problem: string): NodeApiError {
	const effect = context.effect ? `: ${context.effect}` : '';
	const hint = context.effect
		? `${context.hint ?? 'Check in the provider console whether it happened'} before running these items again — a re-run may create a duplicate (billed) one. The RequestId lets the provider's support trace the call.`
		: 'The answer could not be used; this is usually temporary (a proxy or the network damaged it). Try again.';
	const error = providerError(
		context.node,
		{
			provider: context.provider,
			code,
			message: `${context.action} answered HTTP ${context.httpStatus} but ${problem}${effect}`,
			requestId: context.requestId,
			httpStatus: context.httpStatus,
			hint,
		},
		context.itemIndex,
	);
	ambiguousAnswers.add(error);
	if (context.effect) uncertainWrites.add(error);
	return error;
}

/** A 2xx answer that is not the provider's JSON envelope. */
export function unreadableAnswer(context: AnswerContext, problem: string): NodeApiError {
	return answerError(context, UNREADABLE_ANSWER, problem);
}

/** The ID the action must return, as a non-empty string; otherwise the ambiguous-answer error. */
export function requireAnswerId(result: IDataObject, field: string, context: AnswerContext): string {
	const value = result[field];
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw answerError(context, INCOMPLETE_ANSWER, `the answer has no ${field}`);
}

/**
 * A run that stops (no Continue On Fail) after creating tasks or jobs must say which: they exist, are billed, and a
 * re-run of the same items would create them again. Every ID goes into the description and `context.createdIds`.
 */
export function noteCreated<E>(error: E, what: string, ids: string[], uncertainItems: string[] = []): E {
	if ((ids.length === 0 && uncertainItems.length === 0) || !(error instanceof Error)) return error;
	const described = error as Error & { description?: string | null; context?: Record<string, unknown> };
	const notes = [
		ids.length > 0 ? `Before this failure the run had already created ${ids.length} ${what}(s), which exist and are not rolled back — do not submit their items again: ${ids.join(', ')}.` : '',
		// Submits running at the same time as the one reported may have failed just as ambiguously.
		uncertainItems.length > 0 ? `The ${what} of ${uncertainItems.join(', ')} may have been created too (their submits also failed without a usable answer).` : '',
	].filter(Boolean);
	described.description = [described.description, ...notes].filter(Boolean).join(' ');
	if (described.context && typeof described.context === 'object') {
		if (ids.length > 0) described.context.createdIds = ids;
		if (uncertainItems.length > 0) described.context.uncertainItems = uncertainItems;
	}
	return error;
}

export interface WriteEffect {
	/** e.g. "the task may have been created". */
	effect: string;
	/** Where to check, e.g. "Look for the task with Task → Get Many". */
	hint: string;
}

/**
 * After a write failed in a way where the provider may still have acted (a lost connection or timeout after sending,
 * a 5xx), says so in the error the user sees, like an unusable answer does. Reads and refusals are left as they are.
 */
export async function explainingAmbiguity<T>(write: WriteEffect | undefined, pending: Promise<T>): Promise<T> {
	let failure: unknown;
	try {
		return await pending;
	} catch (error) {
		// Decided outside the catch block: the same error object is passed on, with the wording added.
		failure = error;
	}
	if (write && failure instanceof Error && !isAmbiguousAnswer(failure) && mayHaveActed(failure)) {
		const described = failure as Error & { description?: string | null };
		failure.message = `${failure.message}: ${write.effect}`;
		const note = `${write.hint} before running these items again — a re-run may create a duplicate (billed) one.`;
		described.description = described.description ? `${described.description} ${note}` : note;
		uncertainWrites.add(failure);
	}
	throw failure;
}

function mayHaveActed(error: Error): boolean {
	const context = (error as { context?: Record<string, unknown> }).context;
	const status = typeof context?.httpStatus === 'number' ? context.httpStatus : Number((error as { httpCode?: unknown }).httpCode);
	return (Number.isFinite(status) && status >= 500) || transportFailureKind(error) === 'ambiguous';
}
