/**
 * Throttle Retry Budget (Seconds): throttling answers (veImageX 429 FlowLimitExceeded, VOD Throttling.*) are retried
 * for as long as the budget allows — well beyond the fixed attempt count other failures get — honouring the
 * server's delay; when the budget runs out the item fails with the provider error and a hint naming the budget.
 * A bad budget is refused, naming the field, before anything is sent. nock stands in for both clouds.
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../harness';
import { taskCreateParams } from './veimagex/helpers';

const VEIMAGEX = 'http://veimagex.throttle.test';
const VOD = 'http://vod.throttle.test';
const credentials = {
	volcengineImageXApi: {
		accessKeyId: 'AKLTthrottletest',
		secretAccessKey: 'throttle-secret-value',
		sessionToken: '',
		region: 'cn-north-1',
		endpoint: `${VEIMAGEX}/veimagex`,
		service: 'imagex',
	},
	aliyunVodApi: {
		accessKeyId: 'LTAIthrottletest',
		accessKeySecret: 'throttle-secret-aliyun',
		securityToken: '',
		region: 'cn-shanghai',
		endpoint: `${VOD}/vod/cn-shanghai`,
		signatureScheme: 'HMAC-SHA1',
	},
};

const flowLimit = { ResponseMetadata: { RequestId: 'req-429', Error: { Code: 'FlowLimitExceeded', CodeN: 100018, Message: 'slow down' } } };
const vodThrottled = { RequestId: 'req-thr', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' };

const submitTask = taskCreateParams('q1');
const submitJob: INodeParameters = {
	resource: 'job',
	operation: 'submit',
	videoId: '={{ $json.videoId }}',
	aiTemplateId: { __rl: true, mode: 'id', value: 'tpl-1' },
};

/** Answers the first `throttled` requests with `refusal`, the rest with `success`; records every arrival. */
function script(host: string, method: 'get' | 'post', throttled: number, refusal: () => nock.ReplyFnResult, success: IDataObject) {
	const arrivals: number[] = [];
	nock(host)
		.intercept(/.*/, method.toUpperCase())
		.query(true)
		.times(100)
		.reply(() => {
			arrivals.push(Date.now());
			return arrivals.length <= throttled ? refusal() : [200, success];
		});
	return arrivals;
}

const veImageXRefusal = (retryAfterSeconds?: string) => (): nock.ReplyFnResult =>
	[429, flowLimit, retryAfterSeconds === undefined ? {} : { 'Retry-After': retryAfterSeconds }];
const vodRefusal = (retryAfterMs: string) => (): nock.ReplyFnResult => [400, vodThrottled, { 'x-acs-retry-after': retryAfterMs }];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('throttling is retried within the Throttle Retry Budget', () => {
	test('veImageX: a submit throttled 10 times in a row (more than the 6 attempts other failures get) is created once', async () => {
		const arrivals = script(VEIMAGEX, 'post', 10, veImageXRefusal('0.05'), {
			ResponseMetadata: { RequestId: 'req-ok' },
			Result: { QueueId: 'q1', TaskId: 'task-1' },
		});
		const { items, error } = await runNode({ type: 'veImageXAiQueue', parameters: submitTask, input: [{ url: 'https://cdn.example.com/a.png' }], credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.TaskId)).toEqual(['task-1']);
		expect(arrivals).toHaveLength(11);
		// Retry-After (50 ms) is a floor for every wait.
		for (let i = 1; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThanOrEqual(45);
	});

	test('veImageX without Retry-After: retries spread around the 1/s quota interval, not exponentially', async () => {
		const arrivals = script(VEIMAGEX, 'post', 3, veImageXRefusal(), {
			ResponseMetadata: { RequestId: 'req-ok' },
			Result: { QueueId: 'q1', TaskId: 'task-2' },
		});
		const { items, error } = await runNode({ type: 'veImageXAiQueue', parameters: submitTask, input: [{ url: 'https://cdn.example.com/a.png' }], credentials });
		expect(error).toBeUndefined();
		expect(items[0].json.TaskId).toBe('task-2');
		expect(arrivals).toHaveLength(4);
		// Each wait is at least a quarter of the quota interval (0.25–0.75 s): jittered, never a burst.
		for (let i = 1; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThanOrEqual(240);
	});

	test('veImageX: when the budget runs out the item fails with FlowLimitExceeded and a hint naming the budget', async () => {
		const arrivals = script(VEIMAGEX, 'get', 1000, veImageXRefusal('0.2'), {});
		const { error } = await runNode({
			type: 'veImageXAiQueue',
			parameters: { resource: 'queue', operation: 'getAll', returnAll: true, throttleRetryBudgetSeconds: 1 },
			credentials,
		});
		expect(error?.message).toMatch(/^veImageX error FlowLimitExceeded: slow down \(RequestId req-429\)/);
		expect(error?.description).toMatch(/Throttle Retry Budget \(Seconds\)/);
		// ≥ 200 ms apart within a 1 s budget: the first answer plus at most 5 retries, and more than one.
		expect(arrivals.length).toBeGreaterThanOrEqual(3);
		expect(arrivals.length).toBeLessThanOrEqual(6);
	});

	test('a budget of 0 fails at the first throttling answer', async () => {
		const arrivals = script(VEIMAGEX, 'post', 1000, veImageXRefusal('0.05'), {});
		const { error } = await runNode({
			type: 'veImageXAiQueue',
			parameters: { ...submitTask, throttleRetryBudgetSeconds: 0 },
			input: [{ url: 'https://cdn.example.com/a.png' }],
			credentials,
		});
		expect(error?.message).toMatch(/FlowLimitExceeded/);
		expect(arrivals).toHaveLength(1);
	});

	test('VOD: a submit throttled 10 times (Throttling.User, x-acs-retry-after) is submitted once; the budget also ends VOD retries', async () => {
		const arrivals = script(VOD, 'post', 10, vodRefusal('30'), { RequestId: 'req-ok', JobId: 'job-1' });
		const { items, error } = await runNode({ type: 'aliyunVodAiImage', parameters: submitJob, input: [{ videoId: 'v1' }], credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.JobId)).toEqual(['job-1']);
		expect(arrivals).toHaveLength(11);
		// x-acs-retry-after is counted from the gateway's refusal, so each retry is SENT ≥ 30 ms after the refused one
		// was; arrival gaps also carry the travel-time differences, which cancel out over the ten waits but for
		// the first and the last request's (a few ms; 50 allowed). Not honouring it would take ten times less.
		expect(arrivals[10] - arrivals[0]).toBeGreaterThanOrEqual(10 * 30 - 50);
		nock.cleanAll();

		const endless = script(VOD, 'post', 1000, vodRefusal('150'), {});
		const failed = await runNode({
			type: 'aliyunVodAiImage',
			parameters: { ...submitJob, throttleRetryBudgetSeconds: '0.5' },
			input: [{ videoId: 'v2' }],
			credentials,
		});
		expect(failed.error?.message).toMatch(/Throttling\.User/);
		expect(failed.error?.description).toMatch(/Throttle Retry Budget \(Seconds\)/);
		expect(endless.length).toBeGreaterThanOrEqual(2);
		expect(endless.length).toBeLessThanOrEqual(5);
	});
});

describe('Throttle Retry Budget (Seconds) is validated before any request', () => {
	test.each([[-1], ['abc'], [Number.NaN], [Number.POSITIVE_INFINITY], [3601], [''], [true], [{ seconds: 5 }]])(
		'%p is refused naming the field, nothing is sent, every item gets the error (continue on fail)',
		async (value) => {
			const veimagex = script(VEIMAGEX, 'post', 0, veImageXRefusal(), {});
			const vod = script(VOD, 'post', 0, vodRefusal('1'), {});
			const task = await runNode({
				type: 'veImageXAiQueue',
				parameters: { ...submitTask, mode: 'perItem', throttleRetryBudgetSeconds: value as never },
				input: [{ url: 'https://cdn.example.com/a.png' }, { url: 'https://cdn.example.com/b.png' }],
				credentials,
				continueOnFail: true,
			});
			expect(task.items).toHaveLength(2);
			for (const item of task.items) expect(String(item.json.error)).toMatch(/^Throttle Retry Budget \(Seconds\): .* is not a number of seconds from 0 to 3600/);
			const job = await runNode({
				type: 'aliyunVodAiImage',
				parameters: { ...submitJob, throttleRetryBudgetSeconds: value as never },
				input: [{ videoId: 'v1' }],
				credentials,
			});
			expect(job.error?.message).toMatch(/^Throttle Retry Budget \(Seconds\): /);
			expect(veimagex).toHaveLength(0);
			expect(vod).toHaveLength(0);
		},
	);

	test('a number given as text (an expression result) is accepted', async () => {
		const arrivals = script(VEIMAGEX, 'post', 2, veImageXRefusal('0.05'), {
			ResponseMetadata: { RequestId: 'req-ok' },
			Result: { QueueId: 'q1', TaskId: 'task-3' },
		});
		const { items, error } = await runNode({
			type: 'veImageXAiQueue',
			parameters: { ...submitTask, throttleRetryBudgetSeconds: '={{ "30" }}' },
			input: [{ url: 'https://cdn.example.com/a.png' }],
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.TaskId).toBe('task-3');
		expect(arrivals).toHaveLength(3);
	});
});
