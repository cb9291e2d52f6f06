// authenticate() with the request shapes n8n really passes: IHttpRequestOptions from nodes and the legacy shape of
// the HTTP Request node (uri, form, formData, json, qsStringifyOptions, streamed bodies), plus the signing scope
// for other services of the same cloud. Each signed request is re-verified from its wire form (reverify.ts) and,
// where it matters, by the official SDK signers.
import { Readable } from 'node:stream';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { AliyunVodApi } from '../../credentials/AliyunVodApi.credentials';
import { VolcengineImageXApi } from '../../credentials/VolcengineImageXApi.credentials';
import { signAliyunRequest } from '../../credentials/common/aliyunAuth';
import { volcengineScope, signVolcengineRequest } from '../../credentials/common/volcengineAuth';
import { parseVolcengineAuthorization, parseQueryString, sha256Hex } from '../../credentials/common/signing';
import type { N8nRequestOptions } from '../../credentials/common/signedRequest';
import { reverifyAcs3, reverifyRpc, reverifyVolcengine } from './reverify';

const VOLC_SECRET = 'volc-shape-secret';
const ALI_SECRET = 'ali-shape-secret';
const volc: ICredentialDataDecryptedObject = {
	accessKeyId: 'AKLTshape', secretAccessKey: VOLC_SECRET, sessionToken: '', region: 'cn-north-1', endpoint: '', service: 'imagex',
};
const ali: ICredentialDataDecryptedObject = {
	accessKeyId: 'LTAIshape', accessKeySecret: ALI_SECRET, securityToken: '', region: 'cn-shanghai', endpoint: '', signatureScheme: 'ACS3-HMAC-SHA256',
};
const NOW = new Date('2026-03-04T05:06:07Z');
const volcSign = (o: N8nRequestOptions, c: ICredentialDataDecryptedObject = {}) => signVolcengineRequest({ ...volc, ...c }, o, NOW);
const aliSign = (o: N8nRequestOptions, c: ICredentialDataDecryptedObject = {}) => signAliyunRequest({ ...ali, ...c }, o, NOW, 'n-1');

/** The HTTP Request node's request before authenticate (HttpRequestV3.node.js, n8n-nodes-base 2.41.1). */
function legacy(extra: Partial<N8nRequestOptions>): N8nRequestOptions {
	return { headers: {}, method: 'GET', uri: '', gzip: true, rejectUnauthorized: true, followRedirect: true, resolveWithFullResponse: true, json: false, ...extra } as N8nRequestOptions;
}

describe('legacy request shape (HTTP Request node)', () => {
	it('sends to the typed uri (scheme, host, path) and merges its query with qs, the endpoint unused', () => {
		const req = volcSign(legacy({ uri: 'http://127.0.0.2:9/some/path?Version=2023-05-01&Action=GetImageAIProcessQueues', qs: { Limit: 1 } }), { endpoint: 'http://10.0.0.1/x' });
		expect(req.url).toBe('http://127.0.0.2:9/some/path?Action=GetImageAIProcessQueues&Limit=1&Version=2023-05-01');
		expect(req).not.toHaveProperty('uri');
		expect(req.qs).toBeUndefined();
		expect(reverifyVolcengine(req, VOLC_SECRET)).toBe(true);
	});

	it('signs a `form` object for ACS3 (hashed) and RPC (form parameters signed), sent as the exact string', () => {
		const form = { JobIds: 'a1,b2', Note: 'x y*' };
		const acs3 = aliSign(legacy({ method: 'POST', uri: 'https://vod.cn-beijing.aliyuncs.com/?Action=GetAIImageJobs', form }));
		expect(acs3.body).toBe('JobIds=a1%2Cb2&Note=x%20y%2A');
		expect(acs3.headers?.['Content-Type']).toBe('application/x-www-form-urlencoded');
		expect(acs3.headers?.['x-acs-content-sha256']).toBe(sha256Hex(acs3.body as string));
		expect(acs3).not.toHaveProperty('form');
		expect(reverifyAcs3(acs3, ALI_SECRET)).toBe(true);
		const rpc = aliSign(legacy({ method: 'POST', uri: 'https://vod.cn-beijing.aliyuncs.com/?Action=GetAIImageJobs', form }), { signatureScheme: 'HMAC-SHA1' });
		expect(rpc.body).toBe('JobIds=a1%2Cb2&Note=x%20y%2A');
		expect(reverifyRpc(rpc, ALI_SECRET)).toBe(true);
		expect(reverifyRpc({ ...rpc, body: 'JobIds=zz&Note=x%20y%2A' }, ALI_SECRET)).toBe(false);
	});

	it('a form typed as a string (Specify Body: raw form) is sent unchanged and its pairs signed (RPC)', () => {
		const rpc = aliSign(legacy({ method: 'POST', uri: 'https://vod.cn-shanghai.aliyuncs.com/?Action=GetAIImageJobs', form: 'JobIds=a%2Cb&N=1' }), { signatureScheme: 'HMAC-SHA1' });
		expect(rpc.body).toBe('JobIds=a%2Cb&N=1');
		expect(reverifyRpc(rpc, ALI_SECRET)).toBe(true);
	});

	it('refuses multipart `formData` before anything is sent, saying what to use instead', () => {
		expect(() => volcSign(legacy({ method: 'POST', uri: 'https://imagex.volcengineapi.com/?Action=A&Version=v', formData: { a: '1' } }))).toThrow(
			/Multipart.*Form Urlencoded, JSON or Raw/,
		);
		expect(() => aliSign({ method: 'POST', url: '/?Action=A', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: { a: 1 } })).toThrow(/Multipart/);
	});

	it('a raw JSON-typed text that axios would trim or quote is sent as a Buffer of the hashed bytes', () => {
		const text = '{"Name":"raw"}\n';
		const req = volcSign(legacy({ method: 'POST', uri: 'https://imagex.volcengineapi.com/?Action=A&Version=v', body: text, headers: { 'content-type': 'application/json' } }));
		expect(Buffer.isBuffer(req.body)).toBe(true);
		expect((req.body as Buffer).toString('utf8')).toBe(text);
		expect(req.headers?.['X-Content-Sha256']).toBe(sha256Hex(text));
		expect(reverifyVolcengine(req, VOLC_SECRET)).toBe(true);
		// Already trimmed, valid JSON stays a string (axios sends it unchanged).
		expect(volcSign(legacy({ method: 'POST', uri: 'https://imagex.volcengineapi.com/?Action=A', body: '{"a":1}', headers: { 'content-type': 'application/json' } })).body).toBe('{"a":1}');
	});

	it('a GET carries no body, so the empty body is what is hashed', () => {
		const req = volcSign(legacy({ method: 'GET', uri: 'https://imagex.volcengineapi.com/?Action=A&Version=v', body: { ignored: true } }));
		expect(req.body).toBeUndefined();
		expect(req.headers?.['X-Content-Sha256']).toBe(sha256Hex(''));
	});

	it('qsStringifyOptions.arrayFormat (the node\'s "Array Format in Query Parameters") shapes array keys', () => {
		const base = legacy({ uri: 'https://imagex.volcengineapi.com/?Action=A&Version=v', qs: { Id: ['b', 'a'] } });
		expect(volcSign({ ...base, qsStringifyOptions: { arrayFormat: 'brackets' } }).url).toContain('Id%5B%5D=a&Id%5B%5D=b');
		expect(volcSign({ ...base, qsStringifyOptions: { arrayFormat: 'indices' } }).url).toContain('Id%5B0%5D=b&Id%5B1%5D=a');
		expect(volcSign({ ...base, qsStringifyOptions: { arrayFormat: 'comma' } }).url).toContain('Id=b%2Ca');
		expect(volcSign(base).url).toContain('Id=a&Id=b');
	});

	it('a streamed body (binary file from n8n\'s store) is read once, hashed and sent as a Buffer', async () => {
		const credential = new VolcengineImageXApi();
		const options = legacy({ method: 'POST', uri: 'https://imagex.volcengineapi.com/?Action=A&Version=v', body: Readable.from([Buffer.from('ab'), Buffer.from('c')]) });
		const req = await credential.authenticate(volc, options as IHttpRequestOptions);
		expect(Buffer.isBuffer(req.body) && (req.body as Buffer).toString()).toBe('abc');
		expect(reverifyVolcengine(req, VOLC_SECRET)).toBe(true);
	});

	it('a relative url with baseURL or without resolves under the credential endpoint; absolute ignores both', () => {
		expect(aliSign({ url: 'x/y?Action=A', method: 'POST' }, { endpoint: 'http://127.0.0.1:1/vod' }).url).toBe('http://127.0.0.1:1/vod/x/y');
		expect(aliSign({ url: '/?Action=A&Version=v', baseURL: 'http://127.0.0.1:2/b', method: 'POST' }).url).toBe('http://127.0.0.1:2/b');
		expect(aliSign({ url: 'http://127.0.0.1:3/p?Action=A&Version=v', baseURL: 'http://127.0.0.1:2/b', method: 'POST' }).url).toBe('http://127.0.0.1:3/p');
	});
});

describe('other services of the same cloud', () => {
	it('Volcengine scope: the credential on its own host and on the open gateway, else the service and region named by the host', () => {
		expect(volcengineScope(volc, 'imagex.volcengineapi.com')).toEqual({ service: 'imagex', region: 'cn-north-1' });
		expect(volcengineScope({ ...volc, service: 'iam' }, 'open.volcengineapi.com')).toEqual({ service: 'iam', region: 'cn-north-1' });
		expect(volcengineScope(volc, 'iam.volcengineapi.com')).toEqual({ service: 'iam', region: 'cn-north-1' });
		expect(volcengineScope(volc, 'vod.ap-southeast-1.volcengineapi.com')).toEqual({ service: 'vod', region: 'ap-southeast-1' });
		expect(volcengineScope({ ...volc, region: 'ap-southeast-1' }, 'imagex.volcengineapi.com')).toEqual({ service: 'imagex', region: 'cn-north-1' });
		expect(volcengineScope(volc, 'imagex-ap-singapore-1.volcengineapi.com')).toEqual({ service: 'imagex', region: 'ap-singapore-1' });
		expect(volcengineScope({ ...volc, service: 'ImageX', region: 'ap-southeast-1' }, 'imagex.ap-southeast-1.volcengineapi.com')).toEqual({ service: 'ImageX', region: 'ap-southeast-1' });
		expect(volcengineScope(volc, '127.0.0.1:8790')).toEqual({ service: 'imagex', region: 'cn-north-1' });
	});

	it('IAM ListUsers on open.volcengineapi.com is signed with the credential\'s Service Name; VOD on its regional host with vod', () => {
		const iam = volcSign(legacy({ uri: 'https://open.volcengineapi.com/?Action=ListUsers&Version=2018-01-01&Limit=10' }), { service: 'iam' });
		expect(iam.url).toBe('https://open.volcengineapi.com/?Action=ListUsers&Limit=10&Version=2018-01-01');
		const iamAuth = parseVolcengineAuthorization(String(iam.headers?.Authorization))!;
		expect([iamAuth.service, iamAuth.region]).toEqual(['iam', 'cn-north-1']);
		expect(reverifyVolcengine(iam, VOLC_SECRET)).toBe(true);
		const vod = volcSign(legacy({ uri: 'https://vod.ap-southeast-1.volcengineapi.com/?Action=ListSpace&Version=2022-01-01' }));
		const vodAuth = parseVolcengineAuthorization(String(vod.headers?.Authorization))!;
		expect([vodAuth.service, vodAuth.region]).toEqual(['vod', 'ap-southeast-1']);
		expect(reverifyVolcengine(vod, VOLC_SECRET)).toBe(true);
	});

	it('Alibaba: VOD in another region defaults Version; another product must name its Version (no VOD guess)', () => {
		const beijing = aliSign(legacy({ method: 'POST', uri: 'https://vod.cn-beijing.aliyuncs.com/?Action=ListAITemplate' }));
		expect(beijing.url).toBe('https://vod.cn-beijing.aliyuncs.com/');
		expect(beijing.headers?.['x-acs-version']).toBe('2017-03-21');
		expect(reverifyAcs3(beijing, ALI_SECRET)).toBe(true);
		expect(() => aliSign(legacy({ method: 'POST', uri: 'https://ecs.cn-hangzhou.aliyuncs.com/?Action=DescribeRegions' }))).toThrow(
			/ecs\.cn-hangzhou\.aliyuncs\.com needs a Version/,
		);
		const ecs = aliSign(legacy({ method: 'POST', uri: 'https://ecs.cn-hangzhou.aliyuncs.com/?Action=DescribeRegions&Version=2014-05-26' }), { signatureScheme: 'HMAC-SHA1' });
		expect(Object.fromEntries(parseQueryString(new URL(ecs.url).search))).toMatchObject({ Action: 'DescribeRegions', Version: '2014-05-26' });
		expect(reverifyRpc(ecs, ALI_SECRET)).toBe(true);
	});

	it('errors name the missing part and never contain a secret or token', async () => {
		const credential = new AliyunVodApi();
		const creds = { ...ali, securityToken: 'CAIS-secret-token' };
		await expect(credential.authenticate(creds, legacy({ method: 'POST', uri: 'https://vod.cn-shanghai.aliyuncs.com/' }) as IHttpRequestOptions)).rejects.toThrow(
			/needs an Action: add Action=<API name> to the query \(typed in the URL or as a query parameter\)/,
		);
		const messages: string[] = [];
		for (const bad of [
			legacy({ method: 'POST', uri: 'https://vod.cn-shanghai.aliyuncs.com/' }),
			legacy({ method: 'POST', uri: 'https://x.aliyuncs.com/?Action=A' }),
			legacy({ method: 'POST', uri: 'https://vod.cn-shanghai.aliyuncs.com/?Action=A', formData: {} }),
		]) {
			messages.push(await credential.authenticate(creds, bad as IHttpRequestOptions).then(() => 'no error', (e: Error) => e.message));
		}
		expect(messages.every((m) => m !== 'no error' && !m.includes(ALI_SECRET) && !m.includes('CAIS-secret-token'))).toBe(true);
	});
});
