/**
 * Turns an n8n request (either shape, see signedRequest.ts) into an Alibaba Cloud-signed one (ACS3-HMAC-SHA256 by
 * default, or RPC HMAC-SHA1). Clock and nonce are parameters so tests are deterministic; the credential passes
 * `new Date()` and `randomUUID()` on every call, so a retry never reuses a nonce (SignatureNonceUsed).
 * Neither scheme puts region or product in the signature: any Alibaba Cloud API is signable at its own host.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { vodBaseUrl } from './endpoints';
import {
	baseHostname,
	credentialText,
	ownHeaders,
	prepareRequest,
	setContentType,
	signedOptions,
	signedUrl,
	type N8nRequestOptions,
	type ResolvedTarget,
} from './signedRequest';
import { signAlibabaAcs3 } from './signing/alibabaAcs3';
import { alibabaTimestamp, signAlibabaRpc, signAlibabaRpcCanonical } from './signing/alibabaRpc';
import { sha256Hex } from './signing/hashing';
import { canonicalPairs, insertCanonicalPair } from './signing/rfc3986';

export const VOD_API_VERSION = '2017-03-21';
export type AlibabaSignatureScheme = 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';

const RPC_COMMON_PARAMS = new Set([
	'Format',
	'AccessKeyId',
	'SignatureMethod',
	'SignatureVersion',
	'SignatureNonce',
	'Timestamp',
	'SecurityToken',
	'Signature',
]);

// x-acs-* headers are the signer's: a caller's copy would be signed twice or contradict the signed one.
const SIGNER_HEADERS = ownHeaders(['Authorization', 'Host'], 'x-acs-');

/** ApsaraVideo VOD hosts (any region): the only ones where a missing Version may default to VOD's. */
const VOD_HOST = /^vod[.-][a-z0-9-]+\.aliyuncs\.com$/i;

export function signAliyunRequest(
	creds: ICredentialDataDecryptedObject,
	options: N8nRequestOptions,
	now: Date,
	nonce: string,
): IHttpRequestOptions {
	const scheme = credentialText(creds, 'signatureScheme') === 'HMAC-SHA1' ? 'HMAC-SHA1' : 'ACS3-HMAC-SHA256';
	const credentialBase = vodBaseUrl(creds);
	const prepared = prepareRequest(options, { credentialBase, ownHeaders: SIGNER_HEADERS, preferForm: true, defaultMethod: 'POST' });
	const { method, target, headers, body } = prepared;
	if (body.kind === 'form' && prepared.contentType === undefined) setContentType(prepared, 'application/x-www-form-urlencoded');
	const action = queryValue(target, 'Action');
	if (!action) {
		throw new Error(
			'Alibaba Cloud request needs an Action: add Action=<API name> to the query (typed in the URL or as a query parameter)',
		);
	}
	const version = queryValue(target, 'Version') ?? defaultVersion(target, credentialBase);
	const accessKeyId = credentialText(creds, 'accessKeyId');
	const accessKeySecret = credentialText(creds, 'accessKeySecret');
	const securityToken = credentialText(creds, 'securityToken');

	if (scheme === 'HMAC-SHA1') {
		if (body.kind === 'json' || body.kind === 'raw') {
			throw new Error(
				'The RPC (HMAC-SHA1) signature covers only query and form parameters, so a JSON or raw body would go ' +
					'unsigned: send the parameters as Form Urlencoded or in the query, or use the ACS3 signature scheme',
			);
		}
		const query: Array<[string, string]> = target.query.filter(([key]) => !RPC_COMMON_PARAMS.has(key));
		if (!query.some(([key]) => key === 'Version')) query.push(['Version', version]);
		query.push(
			['Format', 'JSON'],
			['AccessKeyId', accessKeyId],
			['SignatureMethod', 'HMAC-SHA1'],
			['SignatureVersion', '1.0'],
			['SignatureNonce', nonce],
			['Timestamp', alibabaTimestamp(now)],
		);
		if (securityToken) query.push(['SecurityToken', securityToken]);
		const wirePairs = canonicalPairs(query);
		// Form-body parameters are part of the signed set but travel in the body, not the query.
		const { signature } = body.formPairs
			? signAlibabaRpc({ method, params: [...query, ...body.formPairs], accessKeySecret })
			: signAlibabaRpcCanonical(method, wirePairs.join('&'), accessKeySecret);
		const url = signedUrl(target, insertCanonicalPair(wirePairs, 'Signature', signature));
		return signedOptions(options, prepared, url, headers);
	}

	// ACS3: Action/Version travel as headers; business parameters stay in the query.
	const query = target.query.filter(([key]) => key !== 'Action' && key !== 'Version');
	const wirePairs = canonicalPairs(query);
	const hashedPayload = sha256Hex(body.payload);
	const { contentType } = prepared;
	// Signed: host, content-type and every x-acs-* header; the same x-acs-* values are sent.
	const signedHeaders: Record<string, string> = contentType ? { host: target.host, 'content-type': contentType } : { host: target.host };
	signedHeaders['x-acs-action'] = headers['x-acs-action'] = action;
	signedHeaders['x-acs-version'] = headers['x-acs-version'] = version;
	signedHeaders['x-acs-date'] = headers['x-acs-date'] = alibabaTimestamp(now);
	signedHeaders['x-acs-signature-nonce'] = headers['x-acs-signature-nonce'] = nonce;
	signedHeaders['x-acs-content-sha256'] = headers['x-acs-content-sha256'] = hashedPayload;
	if (securityToken) signedHeaders['x-acs-security-token'] = headers['x-acs-security-token'] = securityToken;
	headers.Authorization = signAlibabaAcs3({
		method,
		path: target.path,
		query,
		canonicalQuery: wirePairs.join('&'),
		headers: signedHeaders,
		body: body.payload,
		hashedPayload,
		accessKeyId,
		accessKeySecret,
	}).authorization;
	return signedOptions(options, prepared, signedUrl(target, wirePairs), headers);
}

function queryValue(target: ResolvedTarget, key: string): string | undefined {
	return target.query.find(([name]) => name === key)?.[1];
}

/** VOD's API version on VOD hosts (and the credential's own endpoint); every other product must name its own. */
function defaultVersion(target: ResolvedTarget, credentialBase: string): string {
	const hostname = target.host.replace(/:\d+$/, '');
	if (VOD_HOST.test(hostname) || hostname === baseHostname(credentialBase)) return VOD_API_VERSION;
	throw new Error(
		`Alibaba Cloud request to ${hostname} needs a Version: add Version=<API version of that product> to the query`,
	);
}
