/** Sandbox core: request faults (latency, 5xx, reset, timeout, malformed, 200-with-error), determinism with a
 *  seed, admin endpoints, reset isolation, quota limiter semantics, routing and real image bytes. */
import { request } from 'undici';
import { startSandbox, type Sandbox } from '../../sandbox';
import { imageSize, makeImage } from '../../sandbox/core/images';
import { QuotaLimiter } from '../../sandbox/core/quota';
import { FaultTable } from '../../sandbox/core/faults';
import { InstanceRandom } from '../../sandbox/core/clock';
import { volcCall, type VolcCall } from './volcengine-client';

let sb: Sandbox;
const call = (action: string, extra: Partial<VolcCall> = {}) =>
	volcCall({
		endpoint: sb.veimagexEndpoint, action,
		key: { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey }, ...extra,
	});
const list = (extra: Partial<VolcCall> = {}) => call('GetImageAIProcessQueues', { query: { Limit: 1 }, ...extra });
const admin = async (path: string, method = 'GET', body?: unknown) => {
	const res = await request(`${sb.url}/_admin/${path}`, { method: method as 'GET', body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: res.statusCode, json: (await res.body.json()) as any };
};

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotas: false, seed: 42 });
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

describe('request faults, per action, observable in the request log', () => {
	test('http5xx -> 500 InternalError; errorEnvelope -> HTTP 200 with an error envelope', async () => {
		sb.setFaults({ veimagex: { GetImageAIProcessQueues: { http5xxRate: 1 } } });
		const five = await list();
		expect(five.status).toBe(500);
		expect(five.json.ResponseMetadata.Error).toEqual({ CodeN: 100014, Code: 'InternalError', Message: expect.any(String) });
		expect((await call('CreateImageAIProcessQueue', { body: { Name: 'a', Attribute: 'bgfill' } })).status).toBe(200);
		sb.setFaults({ veimagex: { GetImageAIProcessQueues: { errorEnvelopeRate: 1 } } });
		const env = await list();
		expect(env.status).toBe(200);
		expect(env.json.ResponseMetadata.Error.Code).toBe('InternalError');
		expect(env.json.Result).toBeUndefined();
		expect(sb.requests.map((r) => [r.action, r.status, r.fault])).toEqual([
			['GetImageAIProcessQueues', 500, 'http5xx'], ['CreateImageAIProcessQueue', 200, undefined],
			['GetImageAIProcessQueues', 200, 'errorEnvelope'],
		]);
	});

	test('malformed body, connection reset, held socket (timeout), added latency', async () => {
		sb.setFaults({ veimagex: { '*': { malformedRate: 1 } } });
		const bad = await list();
		expect(bad.status).toBe(200);
		expect(() => JSON.parse(bad.text)).toThrow();
		sb.setFaults({ veimagex: { '*': { resetRate: 1 } } });
		await expect(list()).rejects.toThrow();
		sb.setFaults({ veimagex: { '*': { timeoutRate: 1 } } });
		await expect(list({ timeoutMs: 300 })).rejects.toThrow(/timeout/i);
		sb.setFaults({ veimagex: { '*': { latencyMs: 120 } } });
		expect((await list()).status).toBe(200);
		expect(sb.requests.at(-1)?.latencyMs).toBe(120);
		expect(sb.requests.map((r) => r.fault)).toEqual(['malformed', 'reset', 'timeout', undefined]);
	});

	test('a seed makes fault draws reproducible', () => {
		const draw = () => {
			const table = new FaultTable(() => random.next());
			const random = new InstanceRandom(9);
			table.set({ vod: { '*': { http5xxRate: 0.5 } } });
			return Array.from({ length: 20 }, () => table.decide('vod', 'X').kind ?? '-').join(',');
		};
		expect(draw()).toBe(draw());
		expect(draw()).toContain('http5xx');
		expect(draw()).toContain('-');
	});
});

describe('admin endpoints and isolation', () => {
	test('faults get/set, request and callback logs, state, reset over HTTP', async () => {
		expect((await admin('faults', 'PUT', { veimagex: { GetImageAIProcessQueues: { http5xxRate: 1 } } })).json)
			.toEqual({ veimagex: { GetImageAIProcessQueues: { http5xxRate: 1 } } });
		expect((await list()).status).toBe(500);
		const log = (await admin('requests')).json;
		expect(log).toEqual([expect.objectContaining({ provider: 'veimagex', action: 'GetImageAIProcessQueues', method: 'GET', region: 'cn-north-1', status: 500, code: 'InternalError', signature: 'ok', throttled: false, fault: 'http5xx', at: expect.any(Number) })]);
		expect((await admin('callbacks')).json).toEqual([]);
		expect((await admin('quota')).json.veimagex.limits).toEqual(expect.objectContaining({ CreateImageAITask: 1, AIProcess: 1, GetImageAIProcessQueues: 10 }));
		expect((await admin('state')).json.veimagex).toEqual({});
		expect((await admin('reset', 'POST')).json).toEqual({ reset: true });
		expect((await admin('faults')).json).toEqual({});
		expect(sb.requests).toHaveLength(0);
	});

	test('two sandboxes do not share state', async () => {
		const other = await startSandbox({ port: 0, speed: 'fast' });
		try {
			await call('CreateImageAIProcessQueue', { body: { Name: 'only-here', Attribute: 'bgfill' } });
			const there = await volcCall({ endpoint: other.veimagexEndpoint, action: 'GetImageAIProcessQueues', query: { Limit: 10 }, key: { accessKeyId: other.credentials.volcengine.accessKeyId, secret: other.credentials.volcengine.secretAccessKey } });
			expect(there.json.Result.Total).toBe(1);
			expect(other.requests).toHaveLength(1);
		} finally {
			await other.stop();
		}
	});

	test('unknown routes answer 404; credentials match the credential types', async () => {
		expect((await request(`${sb.url}/nope`)).statusCode).toBe(404);
		expect((await request(`${sb.url}/files/veimagex/missing.png`)).statusCode).toBe(404);
		expect(Object.keys(sb.credentials.volcengine).sort()).toEqual(['accessKeyId', 'endpoint', 'region', 'secretAccessKey', 'service', 'sessionToken']);
		expect(Object.keys(sb.credentials.aliyun).sort()).toEqual(['accessKeyId', 'accessKeySecret', 'endpoint', 'region', 'securityToken', 'signatureScheme']);
		expect(sb.vodEndpoint('cn-beijing')).toBe(`${sb.url}/vod/cn-beijing`);
	});
});

describe('building blocks', () => {
	test('quota limiter: sliding window, refusals do not consume slots', () => {
		const q = new QuotaLimiter({ A: 2 }, true);
		expect([0, 10, 20, 999].map((t) => q.check('A', 'acct', t).allowed)).toEqual([true, true, false, false]);
		expect(q.check('A', 'acct', 1000)).toEqual({ allowed: true, perSecond: 2, retryAfterMs: 0 });
		expect(q.check('A', 'acct', 1005)).toEqual({ allowed: false, perSecond: 2, retryAfterMs: 5 });
		expect(q.check('A', 'other', 1005).allowed).toBe(true);
		expect(q.check('B', 'acct', 1005).allowed).toBe(true);
	});

	test('generated PNG/GIF/WebP bytes carry their real signatures and sizes', () => {
		for (const format of ['png', 'gif', 'webp'] as const) {
			expect(imageSize(makeImage(format, 17, 5, [1, 2, 3]))).toEqual({ format, width: 17, height: 5 });
		}
		expect(makeImage('png', 2, 2, [0, 0, 0]).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		expect(makeImage('gif', 2, 2, [0, 0, 0]).subarray(-1)[0]).toBe(0x3b);
		expect(makeImage('webp', 2, 2, [0, 0, 0]).subarray(0, 4).toString('ascii')).toBe('RIFF');
	});
});
