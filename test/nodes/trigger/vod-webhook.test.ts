/** VOD event notifications through n8n-core's WebhookContext: signature, age, replay, filters, body quirks, confirmation. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { vodCallbackSignature } from '../../../credentials/common/signing';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { DEMO_KEYS } from '../../../sandbox/core/keys';
import { callWebhook } from '../../harness';
import { vodCall } from '../../sandbox/vod-client';
import { PROD_URL, TEST_URL, VOD_TRIGGER, until } from './helpers';

const AUTH_KEY = 'Abc123xyZ';
const PATH = new URL(PROD_URL).pathname;
const TEST_PATH = new URL(TEST_URL).pathname;

function event(overrides: IDataObject = {}): IDataObject {
	return {
		EventTime: '2022-10-20T10:29:46:540Z',
		EventType: 'AIImageComplete',
		JobId: 'job-1',
		MediaId: 'video-1',
		Status: 'success',
		Code: '0',
		Message: 'OK',
		Data: JSON.stringify([{ Score: 5.03, Url: 'http://outin.example/video-1/image/ai/1-00001.gif' }]),
		Extend: '{"localId":"L1"}',
		...overrides,
	};
}

function params(extra: INodeParameters = {}): INodeParameters {
	return { authKey: AUTH_KEY, ...extra };
}

const now = () => String(Math.floor(Date.now() / 1000));

async function deliver(opts: {
	body?: IDataObject | string;
	parameters?: INodeParameters;
	path?: string;
	signUrl?: string | null;
	timestamp?: string;
	key?: string;
	staticData?: IDataObject;
	isTest?: boolean;
	credentials?: Record<string, any>;
	headers?: Record<string, string>;
}) {
	const path = opts.path ?? PATH;
	const timestamp = opts.timestamp ?? now();
	const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
	if (opts.signUrl !== null) {
		headers['x-vod-timestamp'] = timestamp;
		headers['x-vod-signature'] = vodCallbackSignature(opts.signUrl ?? `http://127.0.0.1:5678${path}`, timestamp, opts.key ?? AUTH_KEY);
	}
	const body = opts.body ?? event();
	return await callWebhook({
		type: VOD_TRIGGER,
		parameters: opts.parameters ?? params(),
		staticData: opts.staticData,
		isTest: opts.isTest,
		credentials: opts.credentials,
		request: { url: path, headers, rawBody: typeof body === 'string' ? body : JSON.stringify(body), body: {} },
	});
}

describe('signature (X-VOD-SIGNATURE = md5(url|timestamp|AuthKey))', () => {
	test('good signature -> 200 and one normalised item (odd EventTime, Data string parsed, images, raw kept)', async () => {
		const result = await deliver({});
		expect(result.response.statusCode).toBe(200);
		const items = result.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(
			expect.objectContaining({
				provider: 'vod',
				eventType: 'AIImageComplete',
				jobId: 'job-1',
				mediaId: 'video-1',
				status: 'success',
				eventTime: '2022-10-20T10:29:46.540Z',
				eventTimeRaw: '2022-10-20T10:29:46:540Z',
				data: [{ Score: 5.03, Url: 'http://outin.example/video-1/image/ai/1-00001.gif' }],
				images: [{ score: 5.03, url: 'http://outin.example/video-1/image/ai/1-00001.gif' }],
				extend: { localId: 'L1' },
			}),
		);
		expect(JSON.stringify(items)).not.toContain(AUTH_KEY);
	});

	test.each([
		['wrong key', { key: 'Wrong123key' }],
		['signature over another URL', { signUrl: 'http://127.0.0.1:5678/webhook/other' }],
		['no signature headers', { signUrl: null }],
		['stale timestamp (10 min old)', { timestamp: String(Math.floor(Date.now() / 1000) - 600) }],
		['timestamp from the future', { timestamp: String(Math.floor(Date.now() / 1000) + 600) }],
		['malformed timestamp', { timestamp: 'yesterday' }],
	])('%s -> 401, no execution', async (_name, opts) => {
		const result = await deliver(opts);
		expect([result.response.statusCode, result.workflowData]).toEqual([401, undefined]);
	});

	test('replay window is configurable (0 = off)', async () => {
		const old = String(Math.floor(Date.now() / 1000) - 600);
		expect((await deliver({ timestamp: old, parameters: params({ maxAgeSeconds: 900 }) })).response.statusCode).toBe(200);
		expect((await deliver({ timestamp: old, parameters: params({ maxAgeSeconds: 0 }) })).response.statusCode).toBe(200);
	});

	test('upper-case hex signature is accepted; the previous key too during rotation', async () => {
		const timestamp = now();
		const upper = vodCallbackSignature(`http://127.0.0.1:5678${PATH}`, timestamp, AUTH_KEY).toUpperCase();
		const res = await callWebhook({
			type: VOD_TRIGGER,
			parameters: params(),
			request: { url: PATH, headers: { 'content-type': 'application/json', 'x-vod-timestamp': timestamp, 'x-vod-signature': upper }, rawBody: JSON.stringify(event()), body: {} },
		});
		expect(res.response.statusCode).toBe(200);
		const rotated = params({ authKey: 'New456Key', previousAuthKey: AUTH_KEY });
		expect((await deliver({ parameters: rotated })).response.statusCode).toBe(200);
		expect((await deliver({ parameters: rotated, key: 'New456Key' })).response.statusCode).toBe(200);
		expect((await deliver({ parameters: rotated, key: 'Other789Key' })).response.statusCode).toBe(401);
	});

	test('test URL (/webhook-test/): signed over the test URL is accepted, over the production URL is not', async () => {
		const ok = await deliver({ path: TEST_PATH, isTest: true });
		expect(ok.response.statusCode).toBe(200);
		const wrong = await deliver({ path: TEST_PATH, isTest: true, signUrl: PROD_URL });
		expect(wrong.response.statusCode).toBe(401);
	});

	test('query string is part of the signed URL', async () => {
		const withQuery = `${PATH}?tenant=a`;
		expect((await deliver({ path: withQuery })).response.statusCode).toBe(200);
		expect((await deliver({ path: withQuery, signUrl: PROD_URL })).response.statusCode).toBe(401);
	});

	test('reverse proxy: the configured public URL is what must be signed', async () => {
		const publicUrl = 'https://n8n.example.com/hooks/vod-ai';
		const parameters = params({ publicUrl });
		expect((await deliver({ parameters, signUrl: publicUrl })).response.statusCode).toBe(200);
		expect((await deliver({ parameters })).response.statusCode).toBe(401);
	});

	test('documented vector: https://n8n.example.com/webhook/vod-ai|1700000000|Abc123xyZ', async () => {
		const res = await callWebhook({
			type: VOD_TRIGGER,
			parameters: params({ publicUrl: 'https://n8n.example.com/webhook/vod-ai', maxAgeSeconds: 0 }),
			request: {
				url: PATH,
				headers: { 'content-type': 'application/json', 'x-vod-timestamp': '1700000000', 'x-vod-signature': '202c69627e767a8c35887060c3ad6fd6' },
				rawBody: JSON.stringify(event()),
				body: {},
			},
		});
		expect(res.response.statusCode).toBe(200);
	});

	test('without an AuthKey, unsigned events are accepted', async () => {
		// No longer the default (see 'unsigned by default'): the old behaviour chosen explicitly.
		const result = await deliver({ signUrl: null, parameters: params({ authKey: '', signatureCheck: 'off' }) });
		expect(result.workflowData![0]).toHaveLength(1);
	});
});

describe('replays and repeated deliveries', () => {
	test('the same signed request replayed -> 200 without a second execution', async () => {
		const timestamp = now();
		const first = await deliver({ timestamp });
		expect(first.workflowData![0]).toHaveLength(1);
		const replay = await deliver({ timestamp, staticData: first.staticData });
		expect([replay.response.statusCode, replay.workflowData]).toEqual([200, undefined]);
		// VOD's retry (fresh timestamp and signature, same event) is a repeat as well.
		const retry = await deliver({ timestamp: String(Number(timestamp) + 1), staticData: first.staticData });
		expect(retry.workflowData).toBeUndefined();
		// The same job's failure event is a different delivery.
		const other = await deliver({ body: event({ Status: 'fail', Data: undefined }), staticData: first.staticData });
		expect(other.workflowData![0][0].json.status).toBe('fail');
	});
});

describe('the de-duplication window reaches n8n\'s database (issue 15, queue mode)', () => {
	// Without it a copy reaching another n8n process (or a restarted one) runs again: measured on the real engine by
	// scripts/test-n8n-queue.ts. `staticDataSaved` follows n8n 2.41's order of answering and saving (harness).
	test('an accepted event is answered by the trigger, so n8n stores the window; another process drops the copy', async () => {
		const first = await deliver({});
		expect(first).toMatchObject({ noWebhookResponse: true, staticDataSaved: true, response: { statusCode: 200, body: { message: 'Received' } } });
		expect(first.workflowData![0]).toHaveLength(1);
		// Each call is another workflow id, hence another in-memory scope: only the stored static data can drop it.
		const copy = await deliver({ staticData: first.staticData });
		expect([copy.response.statusCode, copy.workflowData]).toEqual([200, undefined]);
	});

	test('with Ignore Repeated Deliveries off, n8n answers once the execution is queued (a failure to queue it is retried by VOD)', async () => {
		const result = await deliver({ parameters: params({ options: { deduplicate: false } }) });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.workflowData![0]).toHaveLength(1);
		expect(result.response).toMatchObject({ statusCode: 200, body: { message: 'Received' } });
	});
});

describe('filters and body quirks', () => {
	test('non-AI events are answered 200 without execution unless all events are selected', async () => {
		const upload = event({ EventType: 'FileUploadComplete' });
		expect((await deliver({ body: upload })).workflowData).toBeUndefined();
		expect((await deliver({ body: upload, parameters: params({ eventFilter: 'all' }) })).workflowData![0]).toHaveLength(1);
		expect((await deliver({ body: event({ EventType: 'AIMediaDNAComplete' }) })).workflowData![0]).toHaveLength(1);
	});

	test('status filter', async () => {
		const parameters = params({ statusFilter: 'fail' });
		expect((await deliver({ parameters })).workflowData).toBeUndefined();
		expect((await deliver({ parameters, body: event({ Status: 'FAIL' }) })).workflowData![0][0].json.status).toBe('fail');
	});

	test('Data as an object, VideoId instead of MediaId, plain ISO and space-separated EventTime', async () => {
		const body = event({ Data: [{ Score: 1, Url: 'http://x/1.png' }], MediaId: undefined, VideoId: 'v-9', EventTime: '2017-03-20 07:49:17' });
		const json = (await deliver({ body })).workflowData![0][0].json;
		expect(json).toEqual(expect.objectContaining({ mediaId: 'v-9', eventTime: '2017-03-20T07:49:17.000Z', images: [{ score: 1, url: 'http://x/1.png' }] }));
		const weird = (await deliver({ body: event({ EventTime: 'sometime' }) })).workflowData![0][0].json;
		expect([weird.eventTime, weird.eventTimeRaw]).toEqual([null, 'sometime']);
	});

	test('malformed and oversized bodies -> 400 / 413 without execution', async () => {
		expect((await deliver({ body: '{"EventType":' })).response.statusCode).toBe(400);
		expect((await deliver({ body: '[1]' })).response.statusCode).toBe(400);
		const huge = await deliver({ body: 'x'.repeat(2 * 1024 * 1024), parameters: params({ options: { maxBodyMb: 1 } }) });
		expect([huge.response.statusCode, huge.workflowData]).toEqual([413, undefined]);
		const declared = await deliver({ headers: { 'content-length': String(20 * 1024 * 1024) } });
		expect(declared.response.statusCode).toBe(413);
	});

	test('raw message on request', async () => {
		const json = (await deliver({ parameters: params({ options: { includeRaw: true } }) })).workflowData![0][0].json;
		expect(JSON.parse(json.raw_message as string).JobId).toBe('job-1');
	});
});

describe('confirmation with GetAIImageJobs (sandbox)', () => {
	let sb: Sandbox;
	const key = { accessKeyId: DEMO_KEYS.vod[0].accessKeyId, secret: DEMO_KEYS.vod[0].secret };
	beforeAll(async () => {
		sb = await startSandbox({ port: 0, speed: 'fast' });
	});
	afterAll(async () => await sb.stop());

	async function finishedJob(): Promise<IDataObject> {
		const call = (action: string, p: Record<string, string> = {}) => vodCall({ endpoint: sb.vodEndpoint(), action, params: p, key });
		const template = (await call('ListAITemplate', { TemplateType: 'AIImage' })).json.TemplateInfoList[0].TemplateId;
		const jobId = (await call('SubmitAIImageJob', { VideoId: 'video-c', AITemplateId: template })).json.JobId as string;
		return await until('job done', async () => {
			const job = (await call('GetAIImageJobs', { JobIds: jobId })).json.AIImageJobList?.[0];
			return job?.Status === 'success' ? job : undefined;
		});
	}

	test('the confirmed job replaces what the (unsigned) body claims', async () => {
		const job = await finishedJob();
		const before = sb.requests.filter((r) => r.action === 'GetAIImageJobs').length;
		const forgedBody = event({ JobId: job.JobId, Status: 'fail', Data: '[{"Score":9,"Url":"http://evil/x.gif"}]' });
		const result = await deliver({ body: forgedBody, parameters: params({ confirmWithApi: true }), credentials: { aliyunVodApi: sb.credentials.aliyun } });
		expect(result.response.statusCode).toBe(200);
		const json = result.workflowData![0][0].json;
		expect(json.confirmed).toBe(true);
		expect(json.status).toBe('success');
		expect(json.mediaId).toBe('video-c');
		expect(json.images).toEqual(JSON.parse(job.AIImageResult as string).map((i: any) => ({ score: i.Score, url: i.Url })));
		expect(JSON.stringify(json.images)).not.toContain('evil');
		expect(sb.requests.filter((r) => r.action === 'GetAIImageJobs').length).toBe(before + 1);
	});

	test('unknown job -> 401, no execution; API failure -> 503 and the retry is not swallowed as a duplicate', async () => {
		const creds = { aliyunVodApi: sb.credentials.aliyun };
		const unknown = await deliver({ body: event({ JobId: 'no-such-job' }), parameters: params({ confirmWithApi: true }), credentials: creds });
		expect([unknown.response.statusCode, unknown.workflowData]).toEqual([401, undefined]);

		const job = await finishedJob();
		const badCreds = { aliyunVodApi: { ...sb.credentials.aliyun, accessKeySecret: 'wrong-secret' } };
		const body = event({ JobId: job.JobId });
		const failed = await deliver({ body, parameters: params({ confirmWithApi: true }), credentials: badCreds });
		expect([failed.response.statusCode, failed.workflowData]).toEqual([503, undefined]);
		const retried = await deliver({ body, parameters: params({ confirmWithApi: true }), credentials: creds, staticData: failed.staticData });
		expect(retried.workflowData![0][0].json.confirmed).toBe(true);
	});
});
