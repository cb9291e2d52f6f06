/** VOD emulator: job lifecycle (success and fail) and event notifications to a loopback receiver. */
import { vodCallbackSignature } from '../../credentials/common/signing';
import { startSandbox, type Sandbox } from '../../sandbox';
import { createCallbackSender } from '../../sandbox/core/callbacks';
import type { CallbackLogEntry } from '../../sandbox/core/logs';
import { DEMO_KEYS } from '../../sandbox/core/keys';
import { createVodProvider } from '../../sandbox/vod';
import { startReceiver, type Receiver } from './callback-receiver';
import { vodCall } from './vod-client';
import { waitFor } from './wait';

const key = { accessKeyId: DEMO_KEYS.vod[0].accessKeyId, secret: DEMO_KEYS.vod[0].secret };
const AUTH_KEY = 'Abc123xyZ';

let rx: Receiver;
let receiverUrl: string;
/** Events received so far, JSON bodies parsed. */
const received = () => rx.received.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, any> }));

beforeAll(async () => {
	rx = await startReceiver();
	receiverUrl = rx.url;
});
afterAll(() => rx.stop());

const until = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) => waitFor(probe, 10_000, what);

async function withSandbox(opts: { failureRate?: number; eventTimeStyle?: 'iso' | 'colon-ms' }, body: (sb: Sandbox, call: (action: string, params?: Record<string, string>) => ReturnType<typeof vodCall>) => Promise<void>) {
	rx.received.length = 0;
	rx.status = 200;
	const sb = await startSandbox({
		port: 0, speed: 'fast', failureRate: opts.failureRate ?? 0,
		providers: { vod: createVodProvider({ eventTimeStyle: opts.eventTimeStyle ?? 'iso' }) },
	});
	try {
		await body(sb, (action, params = {}) => vodCall({ endpoint: sb.vodEndpoint('cn-beijing'), action, params, key }));
	} finally {
		await sb.stop();
	}
}

async function submit(call: (a: string, p?: Record<string, string>) => ReturnType<typeof vodCall>, userData?: object): Promise<string> {
	const template = (await call('ListAITemplate', { TemplateType: 'AIImage' })).json.TemplateInfoList[0].TemplateId;
	const res = await call('SubmitAIImageJob', { VideoId: 'video7', AITemplateId: template, ...(userData ? { UserData: JSON.stringify(userData) } : {}) });
	expect(res.status).toBe(200);
	return res.json.JobId;
}

test('success: UserData override URL gets a signed AI event whose Data equals GetAIImageJobs.AIImageResult', async () => {
	await withSandbox({ eventTimeStyle: 'colon-ms' }, async (sb, call) => {
		await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${receiverUrl}/global`, EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: AUTH_KEY });
		const overrideUrl = `${receiverUrl}/override?x=1`;
		const jobId = await submit(call, { MessageCallback: { CallbackURL: overrideUrl, CallbackType: 'http' }, Extend: { localId: 'L1' } });
		const event = await until('callback', () => received()[0]);
		expect(received().map((r) => r.path)).toEqual(['/override?x=1']);
		const timestamp = event.headers['x-vod-timestamp'] as string;
		expect(timestamp).toMatch(/^\d{10}$/);
		expect(event.headers['x-vod-signature']).toBe(vodCallbackSignature(overrideUrl, timestamp, AUTH_KEY));
		expect(event.body).toEqual(expect.objectContaining({ JobId: jobId, MediaId: 'video7', Status: 'success', Extend: '{"localId":"L1"}' }));
		expect(event.body.EventType).toMatch(/^AI/);
		expect(event.body.EventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d:\d{3}Z$/);
		const job = (await call('GetAIImageJobs', { JobIds: jobId })).json.AIImageJobList[0];
		expect(job.Status).toBe('success');
		expect(JSON.parse(event.body.Data)).toEqual(JSON.parse(job.AIImageResult));
		expect(JSON.stringify(sb.callbacks)).not.toContain(AUTH_KEY);
	});
});

test('fail: the job ends with a realistic Code/Message, no images, and the region URL is notified', async () => {
	await withSandbox({ failureRate: 1 }, async (sb, call) => {
		await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${receiverUrl}/global`, EventTypeList: 'ALL' });
		const jobId = await submit(call);
		const event = await until('callback', () => received()[0]);
		expect(event.path).toBe('/global');
		expect(event.headers['x-vod-signature']).toBeUndefined(); // AuthSwitch off
		expect(event.body).toEqual(expect.objectContaining({ JobId: jobId, Status: 'fail', Code: expect.any(String), Message: expect.any(String) }));
		expect(event.body.Data).toBeUndefined();
		const job = (await call('GetAIImageJobs', { JobIds: jobId })).json.AIImageJobList[0];
		expect(job).toEqual(expect.objectContaining({ Status: 'fail', Code: event.body.Code, Message: event.body.Message }));
		expect(job.AIImageResult).toBeUndefined();
		expect((await call('ListAIImageInfo', { VideoId: 'video7' })).json.AIImageInfoList).toEqual([]);
		expect(sb.callbacks).toHaveLength(1);
	});
});

test('the UserData override is ignored (no event at all) unless the region callback is HTTP with AIComplete/ALL', async () => {
	await withSandbox({}, async (sb, call) => {
		await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${receiverUrl}/global`, EventTypeList: 'FileUploadComplete' });
		const first = await submit(call, { MessageCallback: { CallbackURL: `${receiverUrl}/override` } });
		await call('SetMessageCallback', { CallbackType: 'MNS', MnsEndpoint: 'https://1.mns.cn-beijing.aliyuncs.com', MnsQueueName: 'q', EventTypeList: 'ALL' });
		const second = await submit(call, { MessageCallback: { CallbackURL: `${receiverUrl}/override` } });
		// Both jobs finished (observed through the API), yet nothing was delivered over HTTP.
		await until('jobs done', async () => {
			const jobs = (await call('GetAIImageJobs', { JobIds: `${first},${second}` })).json.AIImageJobList;
			return jobs.every((j: any) => j.Status === 'success') ? jobs : undefined;
		});
		expect(sb.callbacks).toEqual([]);
		expect(received()).toEqual([]);
	});
});

test('a receiver answering 500 gets exactly 3 attempts, each freshly signed', async () => {
	await withSandbox({}, async (sb, call) => {
		rx.status = 500;
		const url = `${receiverUrl}/flaky`;
		await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: url, EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: AUTH_KEY });
		const jobId = await submit(call);
		await until('3 attempts', () => (sb.callbacks.length === 3 && sb.callbacks[2].status !== undefined ? true : undefined));
		expect(sb.callbacks.map((c) => [c.attempt, c.status])).toEqual([[1, 500], [2, 500], [3, 500]]);
		expect(received()).toHaveLength(3);
		for (const r of received()) {
			expect(r.body.JobId).toBe(jobId);
			expect(r.headers['x-vod-signature']).toBe(vodCallbackSignature(url, r.headers['x-vod-timestamp'] as string, AUTH_KEY));
		}
	});
});

test('a receiver answering 204 gets 3 attempts: VOD counts only HTTP 200 as delivered (§3.3)', async () => {
	await withSandbox({}, async (sb, call) => {
		rx.status = 204;
		await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${receiverUrl}/no-content`, EventTypeList: 'AIComplete' });
		const jobId = await submit(call);
		await until('3 attempts', () => (sb.callbacks.length === 3 && sb.callbacks[2].status !== undefined ? true : undefined));
		expect(sb.callbacks.map((c) => [c.attempt, c.status])).toEqual([[1, 204], [2, 204], [3, 204]]);
		expect(received().map((r) => r.body.JobId)).toEqual([jobId, jobId, jobId]);
	});
});

test('the core sender keeps "any 2xx is delivered" unless a call passes acceptStatus', async () => {
	rx.status = 204;
	const log: CallbackLogEntry[] = [];
	const sender = createCallbackSender({
		provider: 'vod', log, now: Date.now, sleep: async () => undefined,
		decide: () => ({}), isStopped: () => false,
	});
	const cb = { url: `${receiverUrl}/core`, headers: {}, body: '{}', attempts: 3 };
	expect((await sender.send(cb)).map((e) => e.status)).toEqual([204]);
	expect((await sender.send({ ...cb, acceptStatus: (s: number) => s === 200 })).map((e) => e.status)).toEqual([204, 204, 204]);
	rx.status = 200;
	expect((await sender.send({ ...cb, acceptStatus: (s: number) => s === 200 })).map((e) => e.status)).toEqual([200]);
});

test('callback faults from the core apply to VOD events (duplicate, dropped)', async () => {
	await withSandbox({}, async (sb, call) => {
		await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${receiverUrl}/dup`, EventTypeList: 'AIComplete' });
		sb.setFaults({ vod: { callback: { duplicateRate: 1 } } });
		const jobId = await submit(call);
		await until('duplicate', () => (rx.received.length === 2 ? true : undefined));
		expect(received().map((r) => r.body.JobId)).toEqual([jobId, jobId]);
		sb.setFaults({ vod: { callback: { dropRate: 1 } } });
		await submit(call);
		await until('dropped entry', () => sb.callbacks.find((c) => c.fault === 'dropped'));
		expect(received()).toHaveLength(2);
	});
});
