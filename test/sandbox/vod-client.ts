/**
 * Test-side VOD client: signs with the project's pure modules (RPC HMAC-SHA1 or ACS3) and lets a test tamper with
 * any part of the request after signing, then sends it with undici to the sandbox.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import {
	alibabaTimestamp,
	canonicalQuery,
	sha256Hex,
	signAlibabaAcs3,
	signAlibabaRpc,
} from '../../credentials/common/signing';
import { readAnswer, type SandboxAnswer } from './answer';

export interface VodKey {
	accessKeyId: string;
	secret: string;
	securityToken?: string;
}

export interface VodCall {
	endpoint: string; // e.g. http://127.0.0.1:1234/vod/cn-shanghai
	action: string;
	params?: Record<string, string>;
	key: VodKey;
	scheme?: 'rpc' | 'acs3';
	method?: 'GET' | 'POST';
	/** RPC only: send every parameter in an urlencoded body instead of the query. */
	formBody?: boolean;
	nonce?: string;
	date?: Date;
	/** Sign with this secret instead of key.secret (wrong-secret test). */
	signSecret?: string;
	/** Change the wire query pairs after signing (tampering). */
	tamper?: (pairs: Array<[string, string]>) => void;
	/** Replace the body after signing (ACS3 body tampering). */
	tamperBody?: string;
	omitFormat?: boolean;
}

export type VodAnswer = SandboxAnswer;

export async function vodCall(c: VodCall): Promise<VodAnswer> {
	const scheme = c.scheme ?? 'rpc';
	const method = c.method ?? 'POST';
	const date = c.date ?? new Date();
	const nonce = c.nonce ?? randomUUID();
	const secret = c.signSecret ?? c.key.secret;
	const business: Array<[string, string]> = Object.entries({ Action: c.action, Version: '2017-03-21', ...(c.params ?? {}) });
	const url = new URL(c.endpoint.replace(/\/?$/, '/'));
	let pairs: Array<[string, string]>;
	let body = '';
	const headers: Record<string, string> = {};
	if (scheme === 'rpc') {
		pairs = [
			...business,
			...(c.omitFormat ? [] : [['Format', 'JSON'] as [string, string]]),
			['AccessKeyId', c.key.accessKeyId], ['SignatureMethod', 'HMAC-SHA1'], ['SignatureVersion', '1.0'],
			['SignatureNonce', nonce], ['Timestamp', alibabaTimestamp(date)],
		];
		if (c.key.securityToken) pairs.push(['SecurityToken', c.key.securityToken]);
		pairs.push(['Signature', signAlibabaRpc({ method, params: pairs, accessKeySecret: secret }).signature]);
		c.tamper?.(pairs);
		if (c.formBody) {
			body = canonicalQuery(pairs);
			headers['content-type'] = 'application/x-www-form-urlencoded';
			pairs = [];
		}
	} else {
		pairs = business.filter(([k]) => k !== 'Action' && k !== 'Version');
		Object.assign(headers, {
			host: url.host,
			'x-acs-action': c.action,
			'x-acs-version': '2017-03-21',
			'x-acs-date': alibabaTimestamp(date),
			'x-acs-signature-nonce': nonce,
			'x-acs-content-sha256': sha256Hex(body),
		});
		if (c.key.securityToken) headers['x-acs-security-token'] = c.key.securityToken;
		const signed = signAlibabaAcs3({
			method, path: url.pathname, query: pairs, headers, body,
			accessKeyId: c.key.accessKeyId, accessKeySecret: secret,
		});
		headers.authorization = signed.authorization;
		c.tamper?.(pairs);
		if (c.tamperBody !== undefined) body = c.tamperBody;
	}
	const query = canonicalQuery(pairs);
	const res = await request(`${url.origin}${url.pathname}${query ? `?${query}` : ''}`, {
		method, headers, body: body === '' ? undefined : body,
	});
	return readAnswer(res);
}
