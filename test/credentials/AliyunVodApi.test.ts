import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { AliyunVodApi } from '../../credentials/AliyunVodApi.credentials';
import { signAliyunRequest } from '../../credentials/common/aliyunAuth';
import { vodBaseUrl } from '../../credentials/common/endpoints';
import { parseAcs3Authorization, parseQueryString, sha256Hex } from '../../credentials/common/signing';
import { reverifyAcs3, reverifyRpc } from './reverify';

const SECRET = 'aliyun-secret-for-tests';
const creds: ICredentialDataDecryptedObject = {
	accessKeyId: 'LTAItest',
	accessKeySecret: SECRET,
	securityToken: '',
	region: 'cn-shanghai',
	endpoint: 'http://127.0.0.1:8790/vod/cn-shanghai',
	signatureScheme: 'ACS3-HMAC-SHA256',
};
const NOW = new Date('2024-01-02T03:04:05.123Z');
const submit = {
	method: 'POST' as const,
	url: '/',
	qs: { Action: 'SubmitAIImageJob', Version: '2017-03-21', VideoId: 'v1', AITemplateId: 't1', UserData: '{"Extend":{"note":"hi there*"}}', Skip: undefined },
};

function sign(options: Partial<IHttpRequestOptions>, overrides: ICredentialDataDecryptedObject = {}, nonce = 'nonce-1') {
	return signAliyunRequest({ ...creds, ...overrides }, { url: '/', ...options } as IHttpRequestOptions, NOW, nonce);
}

describe('aliyunVodApi authenticate, ACS3-HMAC-SHA256', () => {
	it('moves Action/Version into x-acs headers, keeps business params in the canonical query on the wire', () => {
		const req = sign(submit);
		expect(req.url).toBe(
			'http://127.0.0.1:8790/vod/cn-shanghai?AITemplateId=t1&UserData=%7B%22Extend%22%3A%7B%22note%22%3A%22hi%20there%2A%22%7D%7D&VideoId=v1',
		);
		expect(req.qs).toBeUndefined();
		expect(req.baseURL).toBeUndefined();
		expect(req.body).toBeUndefined();
		expect(req.headers).toMatchObject({
			'x-acs-action': 'SubmitAIImageJob',
			'x-acs-version': '2017-03-21',
			'x-acs-date': '2024-01-02T03:04:05Z',
			'x-acs-signature-nonce': 'nonce-1',
			'x-acs-content-sha256': sha256Hex(''),
		});
		const auth = parseAcs3Authorization(String(req.headers?.Authorization))!;
		expect(auth.signedHeaders).toEqual([
			'host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version',
		]);
		expect(reverifyAcs3(req, SECRET)).toBe(true);
		expect(reverifyAcs3(req, 'wrong')).toBe(false);
	});

	it('signs the STS token header', () => {
		const req = sign(submit, { securityToken: 'CAIS+token/with=chars' });
		expect(req.headers?.['x-acs-security-token']).toBe('CAIS+token/with=chars');
		expect(parseAcs3Authorization(String(req.headers?.Authorization))!.signedHeaders).toContain('x-acs-security-token');
		expect(reverifyAcs3(req, SECRET)).toBe(true);
	});

	it('urlencodes an object body, sends exactly the hashed string and signs its content-type', () => {
		const req = sign({ method: 'POST', qs: { Action: 'GetAIImageJobs' }, body: { JobIds: 'a1,b2', Note: 'a b' } });
		expect(req.body).toBe('JobIds=a1%2Cb2&Note=a%20b');
		expect(req.headers?.['x-acs-content-sha256']).toBe(sha256Hex('JobIds=a1%2Cb2&Note=a%20b'));
		expect(req.headers?.['x-acs-version']).toBe('2017-03-21');
		expect(parseAcs3Authorization(String(req.headers?.Authorization))!.signedHeaders).toContain('content-type');
		expect(reverifyAcs3(req, SECRET)).toBe(true);
		expect(reverifyAcs3({ ...req, body: 'JobIds=a1' }, SECRET)).toBe(false);
	});

	it('refuses to sign without an Action', () => {
		expect(() => sign({ method: 'POST', qs: { VideoId: 'v' } })).toThrow(/Action/);
	});
});

describe('aliyunVodApi authenticate, RPC HMAC-SHA1', () => {
	const rpc = { signatureScheme: 'HMAC-SHA1' };

	it('adds the common parameters and the Signature to the query, and verifies', () => {
		const req = sign(submit, rpc);
		const params = Object.fromEntries(parseQueryString(new URL(req.url).search));
		expect(params).toMatchObject({
			Action: 'SubmitAIImageJob',
			Version: '2017-03-21',
			Format: 'JSON',
			AccessKeyId: 'LTAItest',
			SignatureMethod: 'HMAC-SHA1',
			SignatureVersion: '1.0',
			SignatureNonce: 'nonce-1',
			Timestamp: '2024-01-02T03:04:05Z',
			UserData: '{"Extend":{"note":"hi there*"}}',
		});
		expect(params).not.toHaveProperty('SecurityToken');
		expect(params).not.toHaveProperty('Skip');
		expect(req.url).toContain('hi%20there%2A');
		expect(req.qs).toBeUndefined();
		expect(reverifyRpc(req, SECRET)).toBe(true);
		expect(reverifyRpc(req, 'wrong')).toBe(false);
	});

	it('signs SecurityToken with STS and form-body parameters', () => {
		const req = sign({ method: 'POST', qs: { Action: 'GetAIImageJobs' }, body: { JobIds: 'a,b' } }, { ...rpc, securityToken: 'CAIS+tok' });
		expect(Object.fromEntries(parseQueryString(new URL(req.url).search)).SecurityToken).toBe('CAIS+tok');
		expect(req.body).toBe('JobIds=a%2Cb');
		expect(reverifyRpc(req, SECRET)).toBe(true);
		expect(reverifyRpc({ ...req, body: 'JobIds=c' }, SECRET)).toBe(false);
	});
});

describe('aliyunVodApi credential', () => {
	it('uses a fresh nonce on every call, so a retry is re-signed', async () => {
		const credential = new AliyunVodApi();
		const a = await credential.authenticate(creds, { ...submit });
		const b = await credential.authenticate(creds, { ...submit });
		expect(a.headers?.['x-acs-signature-nonce']).toMatch(/^[0-9a-f-]{36}$/);
		expect(a.headers?.['x-acs-signature-nonce']).not.toBe(b.headers?.['x-acs-signature-nonce']);
		expect(reverifyAcs3(a, SECRET) && reverifyAcs3(b, SECRET)).toBe(true);
		const r1 = await credential.authenticate({ ...creds, signatureScheme: 'HMAC-SHA1' }, { ...submit });
		const r2 = await credential.authenticate({ ...creds, signatureScheme: 'HMAC-SHA1' }, { ...submit });
		const nonce = (r: IHttpRequestOptions) => new URL(r.url).searchParams.get('SignatureNonce');
		expect(nonce(r1)).not.toBe(nonce(r2));
	});

	it('resolves the region host (cn-hangzhou -> Shanghai) and a relative url under an endpoint path', () => {
		expect(vodBaseUrl({ region: 'cn-beijing' })).toBe('https://vod.cn-beijing.aliyuncs.com');
		expect(vodBaseUrl({ region: 'cn-hangzhou' })).toBe('https://vod.cn-shanghai.aliyuncs.com');
		expect(vodBaseUrl({ region: 'ap-southeast-1', endpoint: 'http://127.0.0.1:1/vod/ap-southeast-1/' })).toBe(
			'http://127.0.0.1:1/vod/ap-southeast-1',
		);
		const req = sign({ method: 'POST', qs: { Action: 'ListAITemplate' } }, { endpoint: '', region: 'cn-beijing' });
		expect(req.url).toBe('https://vod.cn-beijing.aliyuncs.com/');
		expect(reverifyAcs3(req, SECRET)).toBe(true);
	});

	it('the credential test\'s request (ListAITemplate, as the node sends it) passes through authenticate with the field names of the contract', async () => {
		const credential = new AliyunVodApi();
		expect(credential.name).toBe('aliyunVodApi');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'accessKeyId', 'accessKeySecret', 'securityToken', 'region', 'endpoint', 'signatureScheme',
		]);
		const req = await credential.authenticate(creds, { method: 'POST', url: '/', qs: { Action: 'ListAITemplate', Version: '2017-03-21', TemplateType: 'AIImage' } });
		expect(req.url).toBe('http://127.0.0.1:8790/vod/cn-shanghai?TemplateType=AIImage');
		expect(req.headers?.['x-acs-action']).toBe('ListAITemplate');
		expect(reverifyAcs3(req, SECRET)).toBe(true);
		expect(JSON.stringify(req)).not.toContain(SECRET);
	});
});
