/** VOD emulator: both Alibaba signature schemes verified from the received bytes, STS tokens, nonces, quotas. */
import { randomUUID } from 'node:crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { request } from 'undici';
import { signAliyunRequest } from '../../credentials/common/aliyunAuth';
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_KEYS } from '../../sandbox/core/keys';
import { createVodProvider } from '../../sandbox/vod';
import { vodCall, type VodCall } from './vod-client';

const [plain, sts] = DEMO_KEYS.vod;
const key = { accessKeyId: plain.accessKeyId, secret: plain.secret };
let sb: Sandbox;
const list = (extra: Partial<VodCall> = {}) =>
	vodCall({ endpoint: sb.vodEndpoint(), action: 'ListAITemplate', params: { TemplateType: 'AIImage' }, key, ...extra });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', providers: { vod: createVodProvider() } });
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

const code = (res: { status: number; json: Record<string, any> }) => `${res.status} ${res.json.Code ?? 'OK'}`;

describe.each(['rpc', 'acs3'] as const)('%s signatures', (scheme) => {
	test('a correctly signed call passes (POST and GET)', async () => {
		expect(code(await list({ scheme }))).toBe('200 OK');
		expect(code(await list({ scheme, method: 'GET' }))).toBe('200 OK');
		expect(sb.requests.map((r) => r.signature)).toEqual(['ok', 'ok']);
	});

	test('a parameter changed after signing -> SignatureDoesNotMatch with the server string-to-sign', async () => {
		const res = await list({ scheme, tamper: (pairs) => pairs.push(['TemplateName', 'injected']) });
		expect(code(res)).toBe('400 SignatureDoesNotMatch');
		expect(res.json.Message).toContain('server string to sign is:');
		expect(res.json.Message).not.toContain(plain.secret);
		expect(sb.requests[0].signature).toBe('SignatureDoesNotMatch');
	});

	test('wrong secret -> SignatureDoesNotMatch; unknown AccessKeyId -> InvalidAccessKeyId.NotFound', async () => {
		expect(code(await list({ scheme, signSecret: 'not-the-secret' }))).toBe('400 SignatureDoesNotMatch');
		expect(code(await list({ scheme, key: { accessKeyId: 'LTAInobody', secret: 'x' } }))).toBe('404 InvalidAccessKeyId.NotFound');
	});

	test('stale timestamp -> InvalidTimeStamp.Expired', async () => {
		expect(code(await list({ scheme, date: new Date(Date.now() - 16 * 60_000) }))).toBe('400 InvalidTimeStamp.Expired');
		expect(code(await list({ scheme, date: new Date(Date.now() + 16 * 60_000) }))).toBe('400 InvalidTimeStamp.Expired');
		expect(code(await list({ scheme, date: new Date(Date.now() - 10 * 60_000) }))).toBe('200 OK');
	});

	test('a nonce reused within 15 minutes -> SignatureNonceUsed (a rejected request does not burn it)', async () => {
		expect(code(await list({ scheme, nonce: 'n-1', signSecret: 'wrong' }))).toBe('400 SignatureDoesNotMatch');
		expect(code(await list({ scheme, nonce: 'n-1' }))).toBe('200 OK');
		expect(code(await list({ scheme, nonce: 'n-1' }))).toBe('400 SignatureNonceUsed');
	});

	test('STS: the listed token passes; wrong, missing or misplaced tokens are refused', async () => {
		const stsKey = { accessKeyId: sts.accessKeyId, secret: sts.secret };
		expect(code(await list({ scheme, key: { ...stsKey, securityToken: sts.sessionTokens![0] } }))).toBe('200 OK');
		expect(code(await list({ scheme, key: { ...stsKey, securityToken: 'CAIS-expired' } }))).toBe('400 InvalidSecurityToken.Expired');
		expect(code(await list({ scheme, key: stsKey }))).toBe('400 InvalidSecurityToken.Malformed');
		expect(code(await list({ scheme, key: { ...key, securityToken: 'CAIS-x' } }))).toBe('400 InvalidSecurityToken.MismatchWithAccessKey');
		expect(JSON.stringify(sb.requests)).not.toContain(sts.sessionTokens![0]);
	});
});

describe('scheme specifics', () => {
	test('RPC: params in an urlencoded form body are signed and accepted; missing or malformed Timestamp', async () => {
		expect(code(await list({ formBody: true }))).toBe('200 OK');
		expect(code(await list({ formBody: true, tamper: (p) => p.push(['Extra', '1']) }))).toBe('400 SignatureDoesNotMatch');
		expect(code(await list({ tamper: (p) => p.splice(p.findIndex(([k]) => k === 'Timestamp'), 1) }))).toBe('400 MissingParameter');
		expect(code(await list({ tamper: (p) => { p.find(([k]) => k === 'Timestamp')![1] = '2026-01-01 10:00:00'; } }))).toBe('400 IllegalTimestamp');
	});

	test('ACS3: a body that does not match x-acs-content-sha256 is refused', async () => {
		const res = await list({ scheme: 'acs3', tamperBody: 'TemplateType=AIMediaAudit' });
		expect(code(res)).toBe('400 SignatureDoesNotMatch');
	});
});

test.each(['ACS3-HMAC-SHA256', 'HMAC-SHA1'])('the aliyunVodApi credential signer (%s) is accepted as sent', async (signatureScheme) => {
	const creds = { ...sb.credentials.aliyun, signatureScheme };
	const options: IHttpRequestOptions = { method: 'POST', url: '/', qs: { Action: 'GetMessageCallback', Version: '2017-03-21' } };
	const signed = signAliyunRequest(creds, options, new Date(), randomUUID());
	const res = await request(signed.url, { method: 'POST', headers: signed.headers as Record<string, string>, body: signed.body as string | undefined });
	const json = (await res.body.json()) as Record<string, unknown>;
	expect({ status: res.statusCode, code: json.Code }).toEqual({ status: 200, code: undefined });
	expect(sb.requests[0]).toEqual(expect.objectContaining({ action: 'GetMessageCallback', signature: 'ok' }));
});

describe('quotas (documented QPS, sliding 1 s window)', () => {
	test('SubmitAIImageJob: the documented 30 per second is the configured limit', async () => {
		const res = await request(`${sb.url}/_admin/quota`);
		const quota = (await res.body.json()) as Record<string, any>;
		expect(quota.vod).toEqual({ enabled: true, limits: expect.objectContaining({ SubmitAIImageJob: 30 }) });
	});

	// A burst of 31 needs all 31 inside one 1 s window, which a loaded 2-core machine did not always manage; a
	// burst of rate + 1 at a lowered rate exercises the same limiter path and the same Throttling.User answer.
	test('SubmitAIImageJob: a burst of rate + 1 -> rate admitted, one Throttling.User with x-acs-retry-after', async () => {
		const template = (await list()).json.TemplateInfoList[0].TemplateId as string;
		const submit = () => vodCall({ endpoint: sb.vodEndpoint(), action: 'SubmitAIImageJob', params: { VideoId: 'v1', AITemplateId: template }, key });
		sb.setQuota({ limits: { vod: { SubmitAIImageJob: 3 } } });
		try {
			const answers = await Promise.all(Array.from({ length: 4 }, submit));
			const entries = sb.requests.filter((r) => r.action === 'SubmitAIImageJob');
			// Precondition of the exact count: all 4 arrived within one window.
			expect(Math.max(...entries.map((e) => e.at)) - Math.min(...entries.map((e) => e.at))).toBeLessThan(1000);
			expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
			const refused = answers.filter((a) => a.status !== 200);
			expect(refused.map(code)).toEqual(['400 Throttling.User']);
			const retryAfter = Number(refused[0].headers['x-acs-retry-after']);
			expect(retryAfter).toBeGreaterThan(0);
			expect(retryAfter).toBeLessThanOrEqual(1000);
			expect(entries.filter((e) => e.throttled)).toHaveLength(1);
		} finally {
			sb.setQuota({ limits: { vod: { SubmitAIImageJob: 30 } } });
		}
	});

	test('templates: 5 per second', async () => {
		const answers = await Promise.all(Array.from({ length: 6 }, () => list()));
		expect(answers.map(code).sort()).toEqual([...Array(5).fill('200 OK'), '400 Throttling.User']);
	});
});
