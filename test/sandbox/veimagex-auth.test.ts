/** veImageX gateway: signature verification from the received bytes, STS tokens, and the documented quotas. */
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_KEYS } from '../../sandbox/core/keys';
import { volcCall, type VolcCall } from './volcengine-client';

let sb: Sandbox;
const demo = { accessKeyId: DEMO_KEYS.veimagex[0].accessKeyId, secret: DEMO_KEYS.veimagex[0].secret };
const sts = DEMO_KEYS.veimagex[1];
const call = (action: string, extra: Partial<VolcCall> = {}) =>
	volcCall({ endpoint: sb.veimagexEndpoint, action, key: demo, ...extra });
const createQueue = (extra: Partial<VolcCall> = {}) =>
	call('CreateImageAIProcessQueue', { body: { Name: 'q', Attribute: 'bgfill' }, ...extra });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast' });
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

function expectRejected(res: { status: number; json: Record<string, any> }, status: number, code: string, codeN: number) {
	expect(res.status).toBe(status);
	expect(res.json.ResponseMetadata.Error).toEqual({ CodeN: codeN, Code: code, Message: expect.any(String) });
	expect(sb.requests.at(-1)).toEqual(expect.objectContaining({ signature: code, status, throttled: false }));
}

describe('signature verification', () => {
	test('a correctly signed request passes (prefixed path or root path signed; imagex or ImageX service)', async () => {
		expect((await createQueue()).status).toBe(200);
		expect((await createQueue({ signRootPath: true })).status).toBe(200);
		expect((await createQueue({ service: 'ImageX' })).status).toBe(200);
		expect(sb.requests.map((r) => r.signature)).toEqual(['ok', 'ok', 'ok']);
	});

	test('tampered body -> SignatureDoesNotMatch 100010 (401)', async () => {
		const res = await createQueue({ tamperBody: JSON.stringify({ Name: 'evil', Attribute: 'bgfill' }) });
		expectRejected(res, 401, 'SignatureDoesNotMatch', 100010);
		expect(sb.state().veimagex).toEqual({});
	});

	test('wrong secret -> SignatureDoesNotMatch; unknown key -> InvalidAccessKey 100009', async () => {
		expectRejected(await createQueue({ signSecret: 'not-the-secret' }), 401, 'SignatureDoesNotMatch', 100010);
		expectRejected(await createQueue({ key: { accessKeyId: 'AKLTunknown', secret: 'x' } }), 401, 'InvalidAccessKey', 100009);
	});

	test('stale or future X-Date -> InvalidTimestamp 100006', async () => {
		expectRejected(await createQueue({ date: new Date(Date.now() - 16 * 60_000) }), 400, 'InvalidTimestamp', 100006);
		expectRejected(await createQueue({ date: new Date(Date.now() + 16 * 60_000) }), 400, 'InvalidTimestamp', 100006);
		expect((await createQueue({ date: new Date(Date.now() - 14 * 60_000) })).status).toBe(200);
	});

	test('wrong service in the scope -> ServiceNotFound; region comes from the scope', async () => {
		expectRejected(await createQueue({ service: 'vod' }), 404, 'ServiceNotFound', 100007);
		const res = await call('GetImageAIProcessQueues', { query: { Limit: 1 }, region: 'ap-southeast-1' });
		expect(res.json.ResponseMetadata.Region).toBe('ap-southeast-1');
	});

	test('STS: signed token accepted; missing or unknown token refused', async () => {
		const key = { accessKeyId: sts.accessKeyId, secret: sts.secret };
		expect((await createQueue({ key: { ...key, sessionToken: sts.sessionTokens![0] } })).status).toBe(200);
		expectRejected(await createQueue({ key }), 401, 'InvalidAccessKey', 100009);
		expectRejected(await createQueue({ key: { ...key, sessionToken: 'forged' } }), 401, 'InvalidAccessKey', 100009);
	});

	test('query parameters are part of the signature (re-canonicalised from the wire)', async () => {
		const res = await call('GetImageAIProcessQueues', { query: { Limit: 10, SearchPtn: "a b/c*(1)!'~中" } });
		expect(res.status).toBe(200);
		expect(sb.requests.at(-1)?.params).toEqual(expect.objectContaining({ SearchPtn: "a b/c*(1)!'~中" }));
	});

	test('never logs secrets', async () => {
		await createQueue({ key: { accessKeyId: sts.accessKeyId, secret: sts.secret, sessionToken: sts.sessionTokens![0] } });
		const logged = JSON.stringify(sb.requests);
		for (const secret of [demo.secret, sts.secret, sts.sessionTokens![0]]) expect(logged).not.toContain(secret);
	});
});

describe('quotas (sliding 1 s window per action and account)', () => {
	test('3 quick CreateImageAITask -> 1 accepted, then 429 FlowLimitExceeded without Retry-After', async () => {
		const q = (await call('GetImageAIProcessQueues', { query: { Limit: 1 } })).json.Result.Queues[0].Id;
		const body = { ServiceId: 's', QueueId: q, WorkflowTemplateId: 't', WorkflowParameter: '{}', DataType: 'uri', DataList: ['a.png'] };
		const answers = await Promise.all([1, 2, 3].map(() => call('CreateImageAITask', { body })));
		expect(answers.map((a) => a.status).sort()).toEqual([200, 429, 429]);
		const throttled = answers.find((a) => a.status === 429)!;
		expect(throttled.json.ResponseMetadata.Error).toEqual({ CodeN: 100018, Code: 'FlowLimitExceeded', Message: expect.any(String) });
		expect(throttled.headers['retry-after']).toBeUndefined();
		const logged = sb.requests.filter((r) => r.action === 'CreateImageAITask');
		expect(logged.map((r) => r.throttled).filter(Boolean)).toHaveLength(2);
		// Another action has its own window: not throttled by the CreateImageAITask burst.
		expect((await call('GetImageAITasks', { query: { QueueId: q, StartTime: 0, EndTime: 86_400 } })).status).toBe(200);
	});

	test('queue APIs: 10 per second; other actions have their own window; quotas can be switched off', async () => {
		const answers = await Promise.all(Array.from({ length: 12 }, () => call('GetImageAIProcessQueues', { query: { Limit: 1 } })));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
		expect(answers.filter((a) => a.status === 429)).toHaveLength(2);
		expect((await createQueue()).status).toBe(200);
		sb.setQuota({ enabled: false });
		const free = await Promise.all(Array.from({ length: 12 }, () => call('GetImageAIProcessQueues', { query: { Limit: 1 } })));
		expect(free.every((a) => a.status === 200)).toBe(true);
		sb.setQuota({ enabled: true, limits: { veimagex: { GetImageAIProcessQueues: 2 } } });
		sb.reset();
		const two = await Promise.all(Array.from({ length: 3 }, () => call('GetImageAIProcessQueues', { query: { Limit: 1 } })));
		expect(two.map((a) => a.status).sort()).toEqual([200, 200, 429]);
		sb.setQuota({ limits: { veimagex: { GetImageAIProcessQueues: 10 } } });
	});

	test('a rejected signature does not consume quota', async () => {
		await Promise.all([1, 2, 3].map(() => createQueue({ signSecret: 'bad' })));
		const ok = await Promise.all(Array.from({ length: 10 }, () => createQueue()));
		expect(ok.every((a) => a.status === 200)).toBe(true);
	});
});
