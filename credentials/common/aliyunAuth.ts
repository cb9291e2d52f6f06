/**
 * Turns an n8n request into an Alibaba Cloud-signed one (ACS3-HMAC-SHA256 by default, or RPC HMAC-SHA1).
 * Clock and nonce are parameters so tests are deterministic; the credential passes `new Date()` and
 * `randomUUID()` on every call, so a retry never reuses a nonce (SignatureNonceUsed).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { vodBaseUrl } from './endpoints';
import { cleanHeaders, credentialText, findHeader, resolveTarget, serialiseBody, signedUrl } from './signedRequest';
import { signAlibabaAcs3 } from './signing/alibabaAcs3';
import { alibabaTimestamp, signAlibabaRpc } from './signing/alibabaRpc';
import { sha256Hex } from './signing/hashing';

export const VOD_API_VERSION = '2017-03-21';
export type AlibabaSignatureScheme = 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';

const RPC_COMMON_PARAMS = [
	'Format',
	'AccessKeyId',
	'SignatureMethod',
	'SignatureVersion',
	'SignatureNonce',
	'Timestamp',
	'SecurityToken',
	'Signature',
];

export function signAliyunRequest(
	creds: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
	now: Date,
	nonce: string,
): IHttpRequestOptions {
	const scheme = credentialText(creds, 'signatureScheme') === 'HMAC-SHA1' ? 'HMAC-SHA1' : 'ACS3-HMAC-SHA256';
	const method = (options.method ?? 'POST').toUpperCase();
	const target = resolveTarget(options, vodBaseUrl(creds));
	const headers = cleanHeaders(options.headers, ['Authorization', 'Host']);
	for (const name of Object.keys(headers)) {
		if (name.toLowerCase().startsWith('x-acs-')) delete headers[name];
	}
	const body = serialiseBody(options.body, findHeader(headers, 'content-type'), true);
	if (body.kind === 'form' && findHeader(headers, 'content-type') === undefined) {
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	const accessKeyId = credentialText(creds, 'accessKeyId');
	const accessKeySecret = credentialText(creds, 'accessKeySecret');
	const securityToken = credentialText(creds, 'securityToken');
	const signedOptions = {
		...options,
		method: method as IHttpRequestOptions['method'],
		baseURL: undefined,
		qs: undefined,
		body: body.kind === 'none' ? undefined : body.payload,
	};

	if (scheme === 'HMAC-SHA1') {
		const query: Array<[string, string]> = [
			...target.query.filter(([key]) => !RPC_COMMON_PARAMS.includes(key)),
			['Format', 'JSON'],
			['AccessKeyId', accessKeyId],
			['SignatureMethod', 'HMAC-SHA1'],
			['SignatureVersion', '1.0'],
			['SignatureNonce', nonce],
			['Timestamp', alibabaTimestamp(now)],
		];
		if (!query.some(([key]) => key === 'Version')) query.push(['Version', VOD_API_VERSION]);
		if (securityToken) query.push(['SecurityToken', securityToken]);
		// Form-body parameters are part of the signed set but are sent in the body, not the query.
		const { signature } = signAlibabaRpc({
			method,
			params: [...query, ...(body.formPairs ?? [])],
			accessKeySecret,
		});
		return { ...signedOptions, url: signedUrl(target, [...query, ['Signature', signature]]), headers };
	}

	// ACS3: Action/Version travel as headers; business parameters stay in the query.
	const action = target.query.find(([key]) => key === 'Action')?.[1];
	if (!action) throw new Error('Alibaba Cloud request needs an Action (qs.Action) to be signed');
	const version = target.query.find(([key]) => key === 'Version')?.[1] ?? VOD_API_VERSION;
	const query = target.query.filter(([key]) => key !== 'Action' && key !== 'Version');
	const acsHeaders: Record<string, string> = {
		'x-acs-action': action,
		'x-acs-version': version,
		'x-acs-date': alibabaTimestamp(now),
		'x-acs-signature-nonce': nonce,
		'x-acs-content-sha256': sha256Hex(body.payload),
	};
	if (securityToken) acsHeaders['x-acs-security-token'] = securityToken;
	const contentType = findHeader(headers, 'content-type');
	const { authorization } = signAlibabaAcs3({
		method,
		path: target.path,
		query,
		headers: { host: target.host, ...(contentType ? { 'content-type': contentType } : {}), ...acsHeaders },
		body: body.payload,
		accessKeyId,
		accessKeySecret,
	});
	return {
		...signedOptions,
		url: signedUrl(target, query),
		headers: { ...headers, ...acsHeaders, Authorization: authorization },
	};
}
