/**
 * ApsaraVideo VOD HTTP callback authentication (vod-api.md §3.6):
 * X-VOD-SIGNATURE = lower-case hex MD5(CallbackURL + "|" + X-VOD-TIMESTAMP + "|" + AuthKey).
 * The body is NOT covered, so a receiver should confirm results with GetAIImageJobs before acting.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function vodCallbackSignature(url: string, timestamp: string, authKey: string): string {
	return createHash('md5').update(`${url}|${timestamp}|${authKey}`, 'utf8').digest('hex');
}

/** Constant-time, case-insensitive comparison of a received X-VOD-SIGNATURE with the expected one. */
export function vodCallbackSignatureMatches(received: string, expected: string): boolean {
	const a = Buffer.from(received.trim().toLowerCase(), 'utf8');
	const b = Buffer.from(expected.toLowerCase(), 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
