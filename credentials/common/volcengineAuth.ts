/**
 * Turns an n8n request (either shape, see signedRequest.ts) into a Volcengine-signed one. Kept apart from the
 * credential class so tests can pass a fixed clock; the credential calls it with `new Date()` on every request
 * (a retry is signed afresh).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { volcengineBaseUrl, volcengineRegion, VOLCENGINE_DEFAULT_REGION } from './endpoints';
import {
	baseHostname,
	credentialText,
	ownHeaders,
	prepareRequest,
	setContentType,
	signedOptions,
	signedUrl,
	type N8nRequestOptions,
} from './signedRequest';
import { canonicalPairs } from './signing/rfc3986';
import { sha256Hex } from './signing/hashing';
import { signVolcengine, volcengineXDate } from './signing/volcengine';

export const VOLCENGINE_DEFAULT_SERVICE = 'imagex';

const SIGNER_HEADERS = ownHeaders(['Authorization', 'X-Date', 'X-Content-Sha256', 'X-Security-Token', 'Host']);

export interface VolcengineScope {
	region: string;
	service: string;
}

/** `<service>.volcengineapi.com`, `<service>.<region>.volcengineapi.com` or legacy `<service>-<region>.volcengineapi.com`. */
const SERVICE_HOST = /^([a-z0-9_]+(?:-[a-z0-9_]+)*?)(?:[.-]([a-z]{2}-[a-z]+(?:-\d+)?))?\.volcengineapi\.com$/i;
/** Gateways whose host names no service: the credential's Service Name decides. */
const GATEWAY_LABELS = ['open'];

/**
 * Region and service of the signature scope. The credential's Region and Service Name sign requests to the
 * credential's own host (its endpoint override, or its region's veImageX host) and to hosts that name no service
 * (open.volcengineapi.com, proxies, loopback). A request to another `<service>[.<region>].volcengineapi.com` host
 * is signed for that service and region (cn-north-1 when the host names none), so one credential reaches IAM, VOD…
 */
export function volcengineScope(
	creds: ICredentialDataDecryptedObject,
	host: string,
	credentialBase = volcengineBaseUrl(creds),
): VolcengineScope {
	const own = { region: volcengineRegion(creds), service: credentialText(creds, 'service') || VOLCENGINE_DEFAULT_SERVICE };
	const hostname = host.replace(/:\d+$/, '').toLowerCase();
	if (hostname === baseHostname(credentialBase)) return own;
	const match = SERVICE_HOST.exec(hostname);
	if (!match || GATEWAY_LABELS.includes(match[1])) return own;
	return { service: match[1], region: match[2] ?? VOLCENGINE_DEFAULT_REGION };
}

export function signVolcengineRequest(
	creds: ICredentialDataDecryptedObject,
	options: N8nRequestOptions,
	now: Date,
): IHttpRequestOptions {
	const credentialBase = volcengineBaseUrl(creds);
	const prepared = prepareRequest(options, {
		credentialBase,
		ownHeaders: SIGNER_HEADERS,
		preferForm: false,
		defaultMethod: 'GET',
	});
	const { method, target, headers, body } = prepared;
	// veImageX requires JSON for POST; content-type is deliberately not signed because n8n may rewrite it.
	if (method !== 'GET' && method !== 'HEAD' && prepared.contentType === undefined) {
		setContentType(prepared, body.kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json');
	}

	const bodySha256 = sha256Hex(body.payload);
	// Host is signed but left to the HTTP client, which derives the same value from the url.
	const sent: Record<string, string> = { 'X-Content-Sha256': bodySha256, 'X-Date': volcengineXDate(now) };
	const sessionToken = credentialText(creds, 'sessionToken');
	if (sessionToken) sent['X-Security-Token'] = sessionToken;

	const encodedQuery = canonicalPairs(target.query);
	const signature = signVolcengine({
		method,
		path: target.path,
		query: target.query,
		headers: { Host: target.host, ...sent },
		body: body.payload,
		bodySha256,
		canonicalQuery: encodedQuery.join('&'),
		accessKeyId: credentialText(creds, 'accessKeyId'),
		secretAccessKey: credentialText(creds, 'secretAccessKey'),
		...volcengineScope(creds, target.host, credentialBase),
	});
	return signedOptions(options, prepared, signedUrl(target, encodedQuery), {
		...headers,
		...sent,
		Authorization: signature.authorization,
	});
}
