import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { SecretScrubber } from './secrets';

/** Bad input, reported before anything is sent: names the field and says how to fix it. */
export function fieldError(node: INode, itemIndex: number, field: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(node, `${field}: ${problem}`, { itemIndex, description: fix });
}

export interface ProviderErrorDetails {
	provider: 'veImageX' | 'Alibaba Cloud VOD';
	code: string;
	codeN?: number;
	message: string;
	requestId?: string;
	httpStatus?: number;
	hint?: string;
	recommend?: string;
}

/** A provider's error envelope as a NodeApiError: code, message and RequestId are in the message and the
 *  error context, so they reach the UI, "Continue On Fail" items and logs; the hint says what to do. */
export function providerError(node: INode, details: ProviderErrorDetails, itemIndex?: number): NodeApiError {
	const context: JsonObject = { code: details.code, message: details.message };
	if (details.codeN !== undefined) context.codeN = details.codeN;
	if (details.requestId) context.requestId = details.requestId;
	if (details.httpStatus !== undefined) context.httpStatus = details.httpStatus;
	if (details.recommend) context.recommend = details.recommend;
	const requestId = details.requestId ? ` (RequestId ${details.requestId})` : '';
	const error = new NodeApiError(node, context, {
		message: `${details.provider} error ${details.code}: ${details.message}${requestId}`,
		description: [details.hint, details.recommend ? `Provider recommends: ${details.recommend}` : undefined]
			.filter(Boolean)
			.join(' '),
		httpCode: details.httpStatus !== undefined ? String(details.httpStatus) : undefined,
		itemIndex,
	});
	Object.assign(error.context, context);
	// NodeApiError swaps messages that merely contain a system error code for a generic text
	// ("ResourceNotFound" contains "ENOTFOUND" -> "The connection cannot be established…"): keep ours.
	error.message = `${details.provider} error ${details.code}: ${details.message}${requestId}`;
	return error;
}

/** Replaces every spelling of the given secrets in `text` (see SecretScrubber); used on anything echoed from a request. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	return new SecretScrubber(secrets).text(text);
}
