// The user's side of the HTTP Request node tests: how the node is filled in (URL with or without a typed query,
// "Send Query Parameters", Body Content Type) and what must arrive at the server for each credential.
import type { INodeParameters } from 'n8n-workflow';

import { parseQueryString } from '../../credentials/common/signing/rfc3986';
import { HTTP_REQUEST_VERSION } from '../harness/http-request-node';
import type { VerifiedRequest } from '../harness/signature-verifier';

export type Signer = 'volcengine' | 'acs3' | 'rpc';
export type QueryMode = 'typed in URL' | 'query parameters' | 'both';
export type BodyMode = 'none' | 'json' | 'form' | 'raw';

export const ACCESS_KEYS = { volcengine: 'AKLTvolcHttpNode', alibaba: 'LTAIaliHttpNode' } as const;
export const SECRETS: Record<string, string> = {
	[ACCESS_KEYS.volcengine]: 'volc/secret+for=http-node',
	[ACCESS_KEYS.alibaba]: 'ali/secret+for=http-node',
};
export const STS_TOKENS = { volcengine: 'STS2eyJ0b2tlbi/with+chars=', alibaba: 'CAIS+sts/token==' } as const;

/** Endpoint overrides that nothing listens on: a request that went there instead of the typed URL fails. */
const UNUSED_ENDPOINT = 'http://127.0.0.2:9/credential-endpoint';

export function credentialsFor(signer: Signer, sts: boolean): Record<string, object> {
	if (signer === 'volcengine') {
		return {
			volcengineImageXApi: {
				accessKeyId: ACCESS_KEYS.volcengine,
				secretAccessKey: SECRETS[ACCESS_KEYS.volcengine],
				sessionToken: sts ? STS_TOKENS.volcengine : '',
				region: 'cn-north-1',
				endpoint: UNUSED_ENDPOINT,
				service: 'imagex',
			},
		};
	}
	return {
		aliyunVodApi: {
			accessKeyId: ACCESS_KEYS.alibaba,
			accessKeySecret: SECRETS[ACCESS_KEYS.alibaba],
			securityToken: sts ? STS_TOKENS.alibaba : '',
			region: 'cn-shanghai',
			endpoint: UNUSED_ENDPOINT,
			signatureScheme: signer === 'rpc' ? 'HMAC-SHA1' : 'ACS3-HMAC-SHA256',
		},
	};
}

export const credentialType = (signer: Signer) => (signer === 'volcengine' ? 'volcengineImageXApi' : 'aliyunVodApi');

/** Business query of each provider: the API's Action/Version plus parameters with characters that need encoding. */
function businessQuery(signer: Signer): Array<[string, string]> {
	return signer === 'volcengine'
		? [['Action', 'GetImageAIProcessQueues'], ['Version', '2023-05-01'], ['Limit', '1'], ['SearchPtn', '队列 a*(1)']]
		: [['Action', 'ListAITemplate'], ['Version', '2017-03-21'], ['TemplateType', 'AIImage'], ['UserData', '{"k":"a b*"}']];
}

/** `Action` and `Version` typed in the URL (`both`) or everything typed (`typed in URL`). */
function split(query: Array<[string, string]>, mode: QueryMode): { typed: Array<[string, string]>; params: Array<[string, string]> } {
	if (mode === 'typed in URL') return { typed: query, params: [] };
	if (mode === 'query parameters') return { typed: [], params: query };
	return { typed: query.slice(0, 2), params: query.slice(2) };
}

/** How a user types a query: spaces as %20, other characters as the browser leaves them. */
function typedQuery(pairs: Array<[string, string]>): string {
	return pairs.map(([k, v]) => `${k}=${encodeURI(v).replace(/\+/g, '%2B')}`).join('&');
}

export interface BodyExpectation {
	/** What the server must receive, compared as parsed JSON, parsed form pairs, or exact text. */
	kind: 'json' | 'form' | 'text';
	value: unknown;
	contentType: RegExp;
}

export const FORM_PAIRS: Array<[string, string]> = [['JobIds', 'a1,b2'], ['Note', 'x y*']];
export const JSON_BODY = { Name: 'queue 1', Desc: '说明 *', IsStart: false };
const RAW = {
	volcengine: { contentType: 'application/json', text: '{"Name":"raw"}\n' }, // trailing newline: axios would trim a string
	acs3: { contentType: 'text/plain', text: 'raw body * with spaces\n' },
	rpc: { contentType: 'application/x-www-form-urlencoded', text: 'JobIds=a1%2Cb2&Note=x%20y' },
} as const;

export interface HttpNodeCase {
	title: string;
	signer: Signer;
	sts: boolean;
	parameters: INodeParameters;
	path: string;
	/** Decoded business query the server must see (RPC's common parameters and Signature left aside). */
	query: Array<[string, string]>;
	body?: BodyExpectation;
}

/** The HTTP Request node (v4.2) parameters for one case, as the editor saves them. */
export function httpNodeCase(signer: Signer, queryMode: QueryMode, bodyMode: BodyMode, sts: boolean, serverUrl: string): HttpNodeCase {
	const path = '/some/path';
	const query = businessQuery(signer);
	const { typed, params } = split(query, queryMode);
	const parameters: INodeParameters = {
		method: bodyMode === 'none' ? 'GET' : 'POST',
		url: `${serverUrl}${path}${typed.length > 0 ? `?${typedQuery(typed)}` : ''}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: credentialType(signer),
		sendQuery: params.length > 0,
		queryParameters: { parameters: params.map(([name, value]) => ({ name, value })) },
		options: {},
	};
	let body: BodyExpectation | undefined;
	if (bodyMode === 'json') {
		Object.assign(parameters, { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: JSON.stringify(JSON_BODY, null, 2) });
		// Alibaba RPC-style APIs take parameters, so a plain object body without a Content-Type is sent as a form.
		body = signer === 'volcengine'
			? { kind: 'json', value: JSON_BODY, contentType: /^application\/json/ }
			: { kind: 'form', value: Object.entries(JSON_BODY).map(([k, v]) => [k, String(v)]), contentType: /^application\/x-www-form-urlencoded/ };
	} else if (bodyMode === 'form') {
		Object.assign(parameters, {
			sendBody: true,
			contentType: 'form-urlencoded',
			specifyBody: 'keypair',
			bodyParameters: { parameters: FORM_PAIRS.map(([name, value]) => ({ name, value })) },
		});
		body = { kind: 'form', value: FORM_PAIRS, contentType: /^application\/x-www-form-urlencoded/ };
	} else if (bodyMode === 'raw') {
		const raw = RAW[signer];
		Object.assign(parameters, { sendBody: true, contentType: 'raw', rawContentType: raw.contentType, body: raw.text });
		body = { kind: 'text', value: raw.text, contentType: new RegExp(`^${raw.contentType}`) };
	}
	return {
		title: `${signer}${sts ? ' + STS' : ''}, ${parameters.method as string}, query ${queryMode}, body ${bodyMode}`,
		signer,
		sts,
		parameters,
		path,
		query,
		body,
	};
}

export { HTTP_REQUEST_VERSION };

/** Every combination the tests (and `npm run test:n8n`) run, with STS tokens. */
export const SIGNERS: Signer[] = ['volcengine', 'acs3', 'rpc'];
export const QUERY_MODES: QueryMode[] = ['typed in URL', 'query parameters', 'both'];
export const BODY_MODES: BodyMode[] = ['none', 'json', 'form', 'raw'];

const RPC_COMMON = ['Format', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'SecurityToken', 'Signature'];

const sorted = (pairs: Array<[string, string]>) => JSON.stringify([...pairs].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)));

/**
 * What is wrong with a received request for a case ([] when it arrived as intended): accepted by our verifier and
 * by the official SDK signers, on the typed path, the typed query (ACS3: Action/Version as headers), the STS token
 * sent, the body as expected.
 */
export function arrivalProblems(c: HttpNodeCase, r: VerifiedRequest): string[] {
	const problems: string[] = [];
	const check = (ok: boolean, what: string) => ok || problems.push(what);
	check(r.ok, `our verifier rejected it: ${r.reason}`);
	check(r.official === 'accepted', `official SDK verdict: ${r.official}`);
	check(r.wireQueryIsCanonical, 'wire query is not the canonical one');
	check(r.url.split('?')[0] === c.path, `path ${r.url.split('?')[0]} instead of ${c.path}`);
	const header = (name: string) => r.headers[name] as string | undefined;
	if (c.signer === 'acs3') {
		check(header('x-acs-action') === c.query[0][1] && header('x-acs-version') === c.query[1][1], 'x-acs-action/version differ from the typed Action/Version');
		check(sorted(r.query) === sorted(c.query.slice(2)), `query ${JSON.stringify(r.query)}`);
	} else {
		const business = r.query.filter(([k]) => c.signer !== 'rpc' || !RPC_COMMON.includes(k));
		check(sorted(business) === sorted(c.query), `query ${JSON.stringify(business)}`);
	}
	const token = c.signer === 'volcengine' ? header('x-security-token') : c.signer === 'acs3' ? header('x-acs-security-token')
		: r.query.find(([k]) => k === 'SecurityToken')?.[1];
	check(token === (c.sts ? STS_TOKENS[c.signer === 'volcengine' ? 'volcengine' : 'alibaba'] : undefined), `security token ${token}`);
	const text = r.body.toString('utf8');
	if (!c.body) {
		check(text === '', `unexpected body ${text}`);
		return problems;
	}
	check(c.body.contentType.test(header('content-type') ?? ''), `content-type ${header('content-type')}`);
	const received = c.body.kind === 'json' ? safeJson(text) : c.body.kind === 'form' ? parseQueryString(text) : text;
	check(JSON.stringify(received) === JSON.stringify(c.body.value), `body ${text}`);
	return problems;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
