// The official-SDK check used by the HTTP Request node tests must be able to fail: it accepts what authenticate
// signs and rejects a wrong secret, a changed body and a changed query, for all three schemes.
import type { IHttpRequestOptions } from 'n8n-workflow';

import { signAliyunRequest } from '../../credentials/common/aliyunAuth';
import { signVolcengineRequest } from '../../credentials/common/volcengineAuth';
import { verifyWithOfficialSdk } from '../harness/official-verifier';
import type { ReceivedRequest, Scheme } from '../harness/signature-verifier';

const NOW = new Date('2026-05-06T07:08:09Z');
const SECRETS = { AKLTofficial: 'volc-official-secret', LTAIofficial: 'ali-official-secret' };

function received(req: IHttpRequestOptions): ReceivedRequest {
	const url = new URL(req.url);
	const headers: Record<string, string> = { host: url.host };
	for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = String(v);
	return { method: req.method ?? 'GET', url: req.url.slice(url.origin.length), headers, body: Buffer.from((req.body as string | Buffer | undefined) ?? '') };
}

const volc = signVolcengineRequest(
	{ accessKeyId: 'AKLTofficial', secretAccessKey: SECRETS.AKLTofficial, sessionToken: 'STS2tok', region: 'cn-north-1', service: 'imagex' },
	{ method: 'POST', url: 'https://imagex.volcengineapi.com/p?Action=A&Version=v&Q=a%20b*', body: { Name: '队列' } },
	NOW,
);
const ali = (scheme: string) =>
	signAliyunRequest(
		{ accessKeyId: 'LTAIofficial', accessKeySecret: SECRETS.LTAIofficial, securityToken: 'CAIS+t', region: 'cn-shanghai', signatureScheme: scheme },
		{ method: 'POST', url: 'https://vod.cn-shanghai.aliyuncs.com/?Action=GetAIImageJobs&Q=a%20b*', body: { JobIds: 'a,b' } },
		NOW,
		'nonce-official',
	);

test.each([
	['volcengine', volc],
	['acs3', ali('ACS3-HMAC-SHA256')],
	['rpc', ali('HMAC-SHA1')],
] as Array<[Scheme, IHttpRequestOptions]>)('%s: accepted as signed, rejected when secret, body or query differ', (scheme, req) => {
	const r = received(req);
	expect(verifyWithOfficialSdk(r, scheme, SECRETS)).toBe('accepted');
	const wrongSecret = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, 'wrong']));
	expect(verifyWithOfficialSdk(r, scheme, wrongSecret)).toBe('rejected');
	expect(verifyWithOfficialSdk({ ...r, body: Buffer.from('JobIds=zz') }, scheme, SECRETS)).toBe('rejected');
	expect(verifyWithOfficialSdk({ ...r, url: r.url.replace('a%20b', 'a%20c') }, scheme, SECRETS)).toBe('rejected');
});
