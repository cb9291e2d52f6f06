// Signing cost per request, as the user pays it: the whole `authenticate()` call n8n makes before each request
// (resolve the URL and query, serialise the body, set headers, sign; fresh date and nonce) beside the official SDK
// doing that same whole job the way its own client does before sending (@volcengine/openapi Service.fetchOpenAPI;
// @alicloud/openapi-client doRPCRequest / doRequest with @alicloud/openapi-util and Tea's URL building).
// Each side makes its own fresh date and nonce per request (ours randomUUID(), as the credential does; the SDK its
// Util.getNonce()). Before timing, each pair is run with the same date and nonce and must produce the same signature.
import querystring from 'node:querystring';
import Signer from '@volcengine/openapi/lib/base/sign';
import OpenApiUtil from '@alicloud/openapi-util';
// The nonce generator @alicloud/openapi-client calls on every request (a dependency of @alicloud/openapi-util).
import TeaUtil from '@alicloud/tea-util';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { AliyunVodApi } from '../credentials/AliyunVodApi.credentials';
import { VolcengineImageXApi } from '../credentials/VolcengineImageXApi.credentials';
import { signAliyunRequest } from '../credentials/common/aliyunAuth';
import { signVolcengineRequest } from '../credentials/common/volcengineAuth';
import { alibabaTimestamp } from '../credentials/common/signing';
import type { BenchOptions, BenchRow } from './types';

const FIXED_NOW = new Date('2025-01-15T08:30:00Z');
const FIXED_NONCE = 'bench-nonce-0001';
const AK = 'AKLTbenchAccessKeyId000000';
const SK = 'benchSecretAccessKey/with+chars==';

// A realistic veImageX CreateImageAITask as the node sends it: POST, JSON object body with 50 URLs.
const VOLC_QUERY = { Action: 'CreateImageAITask', Version: '2023-05-01' };
const VOLC_BODY = {
	ServiceId: 'svc123',
	QueueId: 'q-abc',
	DataType: 'url',
	WorkflowTemplateId: 'system_workflow_ai_super_resolution',
	DataList: Array.from({ length: 50 }, (_, i) => `https://img.example.com/in/photo ${i}*(1).jpg`),
};
const VOLC_HOST = 'imagex.volcengineapi.com';
const volcCreds: ICredentialDataDecryptedObject = { accessKeyId: AK, secretAccessKey: SK, region: 'cn-north-1', endpoint: '', service: 'imagex' };
const volcRequest = (): IHttpRequestOptions => ({ method: 'POST', url: '/', qs: { ...VOLC_QUERY }, body: VOLC_BODY, json: true });

// A VOD SubmitAIImageJob as the node sends it: business parameters in qs, no body.
const VOD_PARAMS = {
	Action: 'SubmitAIImageJob',
	Version: '2017-03-21',
	VideoId: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
	AITemplateId: 'tpl-001',
	UserData: JSON.stringify({ MessageCallback: { CallbackURL: 'https://hook.example.com/webhook/x?k=a b', CallbackType: 'http' } }),
};
const VOD_HOST = 'vod.cn-shanghai.aliyuncs.com';
const aliCreds = (signatureScheme: string): ICredentialDataDecryptedObject => ({
	accessKeyId: AK, accessKeySecret: SK, region: 'cn-shanghai', endpoint: '', signatureScheme,
});
const vodRequest = (): IHttpRequestOptions => ({ method: 'POST', url: '/', qs: { ...VOD_PARAMS }, json: true });

const volcengine = new VolcengineImageXApi();
const aliyun = new AliyunVodApi();

const ours = {
	volcengine: async () => signatureOf(await volcengine.authenticate(volcCreds, volcRequest())),
	rpc: async () => signatureOf(await aliyun.authenticate(aliCreds('HMAC-SHA1'), vodRequest())),
	acs3: async () => signatureOf(await aliyun.authenticate(aliCreds('ACS3-HMAC-SHA256'), vodRequest())),
};
/** The same code path with the SDK's fixed date and nonce, for the equality check only. */
const oursFixed = {
	volcengine: () => signatureOf(signVolcengineRequest(volcCreds, volcRequest(), FIXED_NOW)),
	rpc: () => signatureOf(signAliyunRequest(aliCreds('HMAC-SHA1'), vodRequest(), FIXED_NOW, FIXED_NONCE)),
	acs3: () => signatureOf(signAliyunRequest(aliCreds('ACS3-HMAC-SHA256'), vodRequest(), FIXED_NOW, FIXED_NONCE)),
};

function signatureOf(req: IHttpRequestOptions): string {
	const rpc = /[?&]Signature=([^&]+)/.exec(req.url);
	if (rpc) return decodeURIComponent(rpc[1]);
	return /Signature=([0-9a-f]+)/.exec(String(req.headers?.Authorization))![1];
}

/** @volcengine/openapi Service.fetchOpenAPI up to the axios call: sign, build the URL, serialise the JSON body. */
function sdkVolcengine(now = new Date()): string {
	const requestInit = {
		pathname: '/',
		params: { ...VOLC_QUERY } as Record<string, string>,
		region: 'cn-north-1',
		method: 'POST',
		headers: { Host: VOLC_HOST, 'content-type': 'application/json; charset=utf-8' } as Record<string, string>,
		body: VOLC_BODY,
	};
	const signer = new Signer(requestInit, 'imagex');
	signer.addAuthorization({ accessKeyId: AK, secretKey: SK }, now);
	const url = `https://${VOLC_HOST}${requestInit.pathname}?${querystring.stringify(requestInit.params)}`;
	const data = JSON.stringify(requestInit.body); // what axios sends
	if (!url || !data) throw new Error('unreachable');
	return /Signature=([0-9a-f]+)/.exec(signer.request.headers.Authorization as string)![1];
}

/** @alicloud/openapi-client doRPCRequest: query, common parameters, getRPCSignature, then Tea's URL (querystring). */
function sdkRpc(now?: Date, nonce: string = TeaUtil.getNonce()): string {
	// The VOD SDK passes every request's query through OpenApiUtil.query (our side: qs -> pairs).
	const query: Record<string, string> = {
		...OpenApiUtil.query({ ...VOD_PARAMS }),
		Format: 'JSON',
		Timestamp: now ? alibabaTimestamp(now) : OpenApiUtil.getTimestamp(),
		SignatureNonce: nonce,
		SignatureMethod: 'HMAC-SHA1',
		SignatureVersion: '1.0',
		AccessKeyId: AK,
	};
	query.Signature = OpenApiUtil.getRPCSignature({ ...query }, 'POST', SK);
	const url = `https://${VOD_HOST}/?${querystring.stringify(query)}`;
	if (!url) throw new Error('unreachable');
	return query.Signature;
}

/** @alicloud/openapi-client doRequest (ACS3): x-acs headers, payload hash, getAuthorization, then Tea's URL. */
function sdkAcs3(now?: Date, nonce: string = TeaUtil.getNonce()): string {
	const { Action, Version, ...business } = VOD_PARAMS;
	const query = OpenApiUtil.query(business);
	const headers: Record<string, string> = {
		host: VOD_HOST,
		'x-acs-version': Version,
		'x-acs-action': Action,
		'x-acs-date': now ? alibabaTimestamp(now) : OpenApiUtil.getTimestamp(),
		'x-acs-signature-nonce': nonce,
		accept: 'application/json',
	};
	const payload = OpenApiUtil.hexEncode(OpenApiUtil.hash(Buffer.from(''), 'ACS3-HMAC-SHA256'));
	headers['x-acs-content-sha256'] = payload;
	headers.Authorization = OpenApiUtil.getAuthorization({ pathname: '/', method: 'POST', query, headers } as never, 'ACS3-HMAC-SHA256', payload, AK, SK);
	const url = `https://${VOD_HOST}/?${querystring.stringify(query)}`;
	if (!url) throw new Error('unreachable');
	return /Signature=([0-9a-f]+)/.exec(headers.Authorization)![1];
}

/**
 * Mean µs per call of each side over `iterations`, after a warm-up. Rounds alternate ours / SDK and each side keeps
 * its best round, so a busy shared machine slows both sides alike instead of whichever ran during a spike.
 */
async function timePair(ours: () => Promise<unknown>, sdk: () => unknown, iterations: number): Promise<[number, number]> {
	const time = async (job: () => unknown) => {
		const start = process.hrtime.bigint();
		for (let i = 0; i < iterations; i++) await job();
		return Number(process.hrtime.bigint() - start) / 1000 / iterations;
	};
	for (let i = 0; i < 3000; i++) {
		await ours();
		sdk();
	}
	let best: [number, number] = [Infinity, Infinity];
	for (let round = 0; round < 5; round++) {
		best = [Math.min(best[0], await time(ours)), Math.min(best[1], await time(sdk))];
	}
	return best;
}

const PAIRS = [
	{ name: 'Volcengine HMAC-SHA256 authenticate() (POST, 50-URL JSON body)', ours: ours.volcengine, fixed: oursFixed.volcengine, sdk: sdkVolcengine, sdkName: '@volcengine/openapi Signer + fetchOpenAPI URL/body', target: 10 },
	{ name: 'Alibaba RPC HMAC-SHA1 authenticate() (SubmitAIImageJob)', ours: ours.rpc, fixed: oursFixed.rpc, sdk: sdkRpc, sdkName: '@alicloud/openapi-util getRPCSignature + doRPCRequest URL', target: 1.5 },
	{ name: 'Alibaba ACS3-HMAC-SHA256 authenticate() (SubmitAIImageJob)', ours: ours.acs3, fixed: oursFixed.acs3, sdk: sdkAcs3, sdkName: '@alicloud/openapi-util getAuthorization + doRequest URL', target: 1.5 },
];

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const iterations = opts.quick ? 2000 : 10000;
	const rows: BenchRow[] = [];
	for (const pair of PAIRS) {
		const a = pair.fixed();
		const b = pair.sdk(FIXED_NOW, FIXED_NONCE);
		if (a !== b) throw new Error(`signing bench: ${pair.name}: our signature ${a} != official ${b} (inputs not equivalent)`);
		const [oursUs, sdkUs] = await timePair(pair.ours, () => pair.sdk(), iterations);
		const ratio = sdkUs / oursUs;
		rows.push({
			suite: 'signing',
			metric: pair.name,
			value: round(oursUs),
			unit: 'µs/request',
			baseline: round(sdkUs),
			note: `vs ${pair.sdkName}: SDK ÷ ours = ${round(ratio)}× (target ≥ ${pair.target}×: ${ratio >= pair.target ? 'met' : 'NOT met'}); whole job per request, identical signature checked`,
		});
	}
	return rows;
}

function round(n: number): number {
	return Math.round(n * 100) / 100;
}
