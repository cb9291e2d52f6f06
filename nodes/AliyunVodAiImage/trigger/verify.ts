/**
 * X-VOD-SIGNATURE = md5(URL|X-VOD-TIMESTAMP|AuthKey) (vod-api.md §3.6). It covers neither the body nor anything
 * that tells two deliveries of one second apart: a valid signature proves the sender knew the key at that
 * second, not what the body says (confirmation with GetAIImageJobs does that). Checked from the headers and URL
 * alone, before the body is read.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { vodCallbackSignature, vodCallbackSignatureMatches } from '../../../credentials/common/signing';
import { header, requestTarget } from '../../shared/callbackTrigger/http';

/**
 * The URL VOD signed: the user's override, else n8n's webhook URL for the path the call came in on
 * (n8n always reports the production URL, so `/webhook-test/` is put back), plus the query string.
 */
export function signedUrlCandidates(ctx: IWebhookFunctions): string[] {
	const override = String(ctx.getNodeParameter('publicUrl', '') ?? '').trim();
	if (override !== '') return [override];
	const { path, query } = requestTarget(ctx);
	const production = ctx.getNodeWebhookUrl('default') ?? '';
	const test = production.replace('/webhook/', '/webhook-test/');
	const withQuery = (url: string) => (query !== '' ? `${url}?${query}` : url);
	if (path.includes('/webhook-test/')) return [withQuery(test)];
	if (path.includes('/webhook/')) return [withQuery(production)];
	return ctx.getMode() === 'manual' ? [withQuery(test), withQuery(production)] : [withQuery(production), withQuery(test)];
}

export type SignatureCheck = 'required' | 'off';
export const SIGNATURE_CHECKS: readonly SignatureCheck[] = ['required', 'off'];

export type Verdict = { ok: true; signed: boolean } | { ok: false; reason: string };

export function authKeys(ctx: IWebhookFunctions | IHookFunctions): string[] {
	return [ctx.getNodeParameter('authKey', ''), ctx.getNodeParameter('previousAuthKey', '')]
		.map((key) => (typeof key === 'string' ? key : ''))
		.filter((key) => key !== '');
}

/** `maxAgeSeconds` already validated (0 = no limit). */
export function verifySignature(ctx: IWebhookFunctions, check: SignatureCheck, maxAgeSeconds: number): Verdict {
	if (check === 'off') return { ok: true, signed: false };
	const keys = authKeys(ctx);
	if (keys.length === 0) return { ok: false, reason: 'no Callback Auth Key is set (set it, or choose Signature Check: Off)' };
	const timestamp = header(ctx, 'x-vod-timestamp').trim();
	const signature = header(ctx, 'x-vod-signature');
	if (!/^\d{9,11}$/.test(timestamp) || signature === '') return { ok: false, reason: 'missing or malformed signature headers' };
	if (maxAgeSeconds > 0 && Math.abs(Date.now() / 1000 - Number(timestamp)) > maxAgeSeconds) {
		return { ok: false, reason: 'timestamp outside the accepted window' };
	}
	for (const url of signedUrlCandidates(ctx)) {
		for (const key of keys) {
			if (vodCallbackSignatureMatches(signature, vodCallbackSignature(url, timestamp, key))) return { ok: true, signed: true };
		}
	}
	return { ok: false, reason: 'signature does not match' };
}

/** Activation fails, rather than every event later being refused, when signatures are required but no key is set. */
export function assertVodVerifiable(ctx: IHookFunctions): void {
	if (vodVerifiable(ctx)) return;
	throw new NodeOperationError(ctx.getNode(), 'Callback Auth Key: empty, so every VOD event would be refused', {
		description:
			"Enter the AuthKey of the VOD callback settings (URL authentication on). To accept unsigned events instead, set Signature Check to 'Off', knowing that anyone with the URL can then start this workflow.",
	});
}

export function vodVerifiable(ctx: IHookFunctions): boolean {
	return ctx.getNodeParameter('signatureCheck', 'required') === 'off' || authKeys(ctx).length > 0;
}
