/**
 * Turns an n8n request into a Volcengine-signed one. Kept apart from the credential class so tests can pass a
 * fixed clock; the credential calls it with `new Date()` on every request (a retry is signed afresh).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { volcengineBaseUrl, volcengineRegion } from './endpoints';
import { cleanHeaders, credentialText, findHeader, resolveTarget, serialiseBody, signedUrl } from './signedRequest';
import { sha256Hex } from './signing/hashing';
import { signVolcengine, volcengineXDate } from './signing/volcengine';

export const VOLCENGINE_DEFAULT_SERVICE = 'imagex';

const SIGNER_HEADERS = ['Authorization', 'X-Date', 'X-Content-Sha256', 'X-Security-Token', 'Host'];

export function signVolcengineRequest(
	creds: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
	now: Date,
): IHttpRequestOptions {
	const method = (options.method ?? 'GET').toUpperCase();
	const target = resolveTarget(options, volcengineBaseUrl(creds));
	const headers = cleanHeaders(options.headers, SIGNER_HEADERS);
	const body = serialiseBody(options.body, findHeader(headers, 'content-type'), false);
	// veImageX requires JSON for POST; content-type is deliberately not signed because n8n may rewrite it.
	if (method !== 'GET' && method !== 'HEAD' && findHeader(headers, 'content-type') === undefined) {
		headers['Content-Type'] = body.kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
	}

	const xDate = volcengineXDate(now);
	// Host is signed but left to the HTTP client, which derives the same value from the url.
	const sent: Record<string, string> = { 'X-Content-Sha256': sha256Hex(body.payload), 'X-Date': xDate };
	const sessionToken = credentialText(creds, 'sessionToken');
	if (sessionToken) sent['X-Security-Token'] = sessionToken;

	const signature = signVolcengine({
		method,
		path: target.path,
		query: target.query,
		headers: { Host: target.host, ...sent },
		body: body.payload,
		accessKeyId: credentialText(creds, 'accessKeyId'),
		secretAccessKey: credentialText(creds, 'secretAccessKey'),
		region: volcengineRegion(creds),
		service: credentialText(creds, 'service') || VOLCENGINE_DEFAULT_SERVICE,
	});

	return {
		...options,
		method: method as IHttpRequestOptions['method'],
		url: signedUrl(target, target.query),
		baseURL: undefined,
		qs: undefined,
		headers: { ...headers, ...sent, Authorization: signature.authorization },
		body: body.kind === 'none' ? undefined : body.payload,
	};
}
