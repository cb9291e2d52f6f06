/**
 * Issue #13 on the VOD side: the trigger on the open internet and in bursts. Each describe names the point of
 * the issue it covers. Confirmations run against the sandbox (GetAIImageJobs, quotas on).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { vodCallbackSignature } from '../../../credentials/common/signing';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { DEMO_KEYS } from '../../../sandbox/core/keys';
import { callWebhook, runWebhookMethod } from '../../harness';
import { vodCall } from '../../sandbox/vod-client';
import { PROD_URL, VOD_TRIGGER, until, withLogs } from './helpers';

const AUTH_KEY = 'Hard3nedKey';
const PATH = new URL(PROD_URL).pathname;
const now = () => String(Math.floor(Date.now() / 1000));

let sb: Sandbox;
const key = { accessKeyId: DEMO_KEYS.vod[0].accessKeyId, secret: DEMO_KEYS.vod[0].secret };
const creds = () => ({ aliyunVodApi: { ...sb.credentials.aliyun } });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast' });
});
afterAll(async () => await sb.stop());

function event(overrides: IDataObject = {}): IDataObject {
	return {
		EventTime: '2024-10-20T10:29:46Z',
		EventType: 'AIImageComplete',
		JobId: 'job-1',
		MediaId: 'video-1',
		Status: 'success',
		Data: JSON.stringify([{ Score: 5, Url: 'http://outin.example/video-1/1.gif' }]),
		...overrides,
	};
}

interface Delivery {
	body?: IDataObject | string;
	parameters?: INodeParameters;
	timestamp?: string;
	signature?: string | null;
	staticData?: IDataObject;
	credentials?: Record<string, any>;
	workflowId?: string;
}

async function deliver(opts: Delivery = {}) {
	const timestamp = opts.timestamp ?? now();
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (opts.signature !== null) {
		headers['x-vod-timestamp'] = timestamp;
		headers['x-vod-signature'] = opts.signature ?? vodCallbackSignature(`http://127.0.0.1:5678${PATH}`, timestamp, AUTH_KEY);
	}
	const body = opts.body ?? event();
	return await callWebhook({
		type: VOD_TRIGGER,
		parameters: opts.parameters ?? { authKey: AUTH_KEY },
		staticData: opts.staticData,
		credentials: opts.credentials,
		workflowId: opts.workflowId,
		request: { url: PATH, headers, rawBody: typeof body === 'string' ? body : JSON.stringify(body), body: {} },
	});
}

const call = async (action: string, params: Record<string, string> = {}) => (await vodCall({ endpoint: sb.vodEndpoint(), action, params, key })).json;

async function finishedJobs(count: number, video = 'video-h'): Promise<IDataObject[]> {
	const template = (await call('ListAITemplate', { TemplateType: 'AIImage' })).TemplateInfoList[0].TemplateId as string;
	const ids: string[] = [];
	for (let i = 0; i < count; i++) ids.push((await call('SubmitAIImageJob', { VideoId: `${video}-${i}`, AITemplateId: template })).JobId as string);
	const jobs: IDataObject[] = [];
	for (let i = 0; i < ids.length; i += 10) {
		const chunk = ids.slice(i, i + 10);
		jobs.push(
			...(await until('jobs done', async () => {
				const list = (await call('GetAIImageJobs', { JobIds: chunk.join(',') })).AIImageJobList as IDataObject[];
				return list.length === chunk.length && list.every((job) => job.Status === 'success') ? list : undefined;
			})),
		);
	}
	return jobs;
}

const confirmCalls = () => sb.requests.filter((r) => r.action === 'GetAIImageJobs');
/** GetAIImageJobs calls made while `run` runs: the trigger's (the test's own polling in finishedJobs is done by then). */
async function triggerConfirmations<T>(run: () => Promise<T>): Promise<{ result: T; calls: Array<Record<string, unknown>> }> {
	const before = confirmCalls().length;
	const result = await run();
	return { result, calls: confirmCalls().slice(before).map((r) => r.params ?? {}) };
}

describe('1. VOD refuses unsigned calls by default', () => {
	test('no Auth Key and no choice made: unsigned and "signed" calls -> 401, nothing executed', async () => {
		const unsigned = await deliver({ parameters: {}, signature: null });
		expect([unsigned.response.statusCode, unsigned.workflowData]).toEqual([401, undefined]);
		const anySignature = await deliver({ parameters: {} });
		expect([anySignature.response.statusCode, anySignature.workflowData]).toEqual([401, undefined]);
	});

	test('activation without an Auth Key fails and says how to fix it; checkExists reports "missing" so n8n calls create', async () => {
		const parameters = {};
		expect((await runWebhookMethod({ type: VOD_TRIGGER, method: 'checkExists', parameters })).result).toBe(false);
		const error = await runWebhookMethod({ type: VOD_TRIGGER, method: 'create', parameters }).catch((e: unknown) => e as Error);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/Callback Auth Key: empty/);
		expect(JSON.stringify((error as { description?: string }).description)).toMatch(/Signature Check/);
		expect((await runWebhookMethod({ type: VOD_TRIGGER, method: 'create', parameters: { signatureCheck: 'off' } })).result).toBe(true);
	});

	test('unsigned is an explicit, labelled choice: the item says what it proves', async () => {
		const result = await deliver({ parameters: { signatureCheck: 'off' }, signature: null });
		const json = result.workflowData![0][0].json;
		expect(json.confirmed).toBe(false);
		expect(json.proof).toMatch(/^Unsigned: anyone who knows the URL/);
	});
});

describe('2. a captured signature cannot carry a forged body (confirmation on by default with a credential)', () => {
	test('same URL, timestamp and signature: another JobId -> 401; forged images -> API images; EventTime moved 1 s -> not executed again', async () => {
		const [job] = await finishedJobs(1, 'video-replay');
		const timestamp = now();
		const signature = vodCallbackSignature(`http://127.0.0.1:5678${PATH}`, timestamp, AUTH_KEY);
		const genuine = await deliver({ body: event({ JobId: job.JobId }), timestamp, signature, credentials: creds() });
		const json = genuine.workflowData![0][0].json;
		expect(json).toEqual(expect.objectContaining({ confirmed: true, status: 'success', proof: expect.stringMatching(/GetAIImageJobs/) }));

		const otherJob = await deliver({ body: event({ JobId: 'f'.repeat(32), Data: '[{"Score":9,"Url":"http://evil/x.gif"}]' }), timestamp, signature, credentials: creds() });
		expect([otherJob.response.statusCode, otherJob.workflowData]).toEqual([401, undefined]);

		const forgedImages = await deliver({ body: event({ JobId: job.JobId, Data: '[{"Score":9,"Url":"http://evil/x.gif"}]' }), timestamp, signature, credentials: creds() });
		const forged = forgedImages.workflowData![0][0].json;
		// Only the body as received (`event`) still shows what was claimed; results come from the API.
		expect(JSON.stringify([forged.images, forged.data, forged.job])).not.toContain('http://evil');
		expect(forged.images).toEqual(json.images);

		const moved = await deliver({
			body: event({ JobId: job.JobId, EventTime: '2024-10-20T10:29:47Z' }),
			timestamp,
			signature,
			credentials: creds(),
			staticData: genuine.staticData,
		});
		expect([moved.response.statusCode, moved.workflowData]).toEqual([200, undefined]);
	});

	test('without a credential the item is marked unconfirmed and says the body is not covered', async () => {
		const json = (await deliver()).workflowData![0][0].json;
		expect(json.confirmed).toBe(false);
		expect(json.proof).toMatch(/^Signed: .*does not cover the body.*NOT confirmed/);
	});
});

describe('3. depth limit for JSON', () => {
	test.each([
		['a deep body', `{"EventType":"AIImageComplete","JobId":"j","x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
		['Extend as a 200 000-level array', JSON.stringify(event({ Extend: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }))],
		['Data as a 200 000-level array', JSON.stringify(event({ Data: `${'['.repeat(200_000)}${']'.repeat(200_000)}` }))],
	])('%s -> 400, no execution', async (_name, body) => {
		const result = await deliver({ body });
		expect([result.response.statusCode, result.workflowData]).toEqual([400, undefined]);
		expect(JSON.stringify(result.response.body)).toMatch(/deeper than 32/);
	});
});

describe('6. settings set by expressions are validated (fail closed, reason logged)', () => {
	test.each([
		['non-numeric Maximum Body Size', { options: { maxBodyMb: 'lots' } }, /Maximum Body Size/],
		['NaN Repeat Window', { options: { dedupeWindowSeconds: Number.NaN } }, /Repeat Window/],
		['negative Maximum Age', { maxAgeSeconds: -5 }, /Maximum Age/],
		['unknown Signature Check', { signatureCheck: 'sometimes' }, /Signature Check/],
		['non-boolean Confirm With API', { confirmWithApi: 'yes' }, /Confirm With API/],
	])('%s -> 500, no execution, reason in the log', async (_name, extra, reason) => {
		const { result, logged } = await withLogs(() => deliver({ parameters: { authKey: AUTH_KEY, ...extra } as INodeParameters }));
		expect([result.response.statusCode, result.workflowData]).toEqual([500, undefined]);
		expect(logged).toMatch(/error: .*setting is invalid/);
		expect(logged).toMatch(reason);
	});

	test('numbers given as text are taken: "1" MB limits the body, "0" Maximum Age means no limit', async () => {
		const big = JSON.stringify(event({ Message: 'x'.repeat(1_200_000) }));
		expect((await deliver({ body: big, parameters: { authKey: AUTH_KEY, options: { maxBodyMb: '1' } } })).response.statusCode).toBe(413);
		const old = String(Math.floor(Date.now() / 1000) - 3600);
		expect((await deliver({ timestamp: old, parameters: { authKey: AUTH_KEY, maxAgeSeconds: '0' } })).response.statusCode).toBe(200);
	});
});

describe('7. simultaneous copies of one event', () => {
	test('five at once with confirmation -> one execution, four answered 200 as duplicates, one GetAIImageJobs call', async () => {
		const [job] = await finishedJobs(1, 'video-five');
		const workflowId = 'wf-five-copies';
		const { result, calls } = await triggerConfirmations(() =>
			Promise.all(Array.from({ length: 5 }, () => deliver({ body: event({ JobId: job.JobId }), credentials: creds(), workflowId }))),
		);
		expect(result.map((r) => r.response.statusCode)).toEqual([200, 200, 200, 200, 200]);
		expect(result.filter((r) => r.workflowData !== undefined)).toHaveLength(1);
		expect(calls).toHaveLength(1);
	});

	test('if the first copy cannot be confirmed, a copy waiting for it is not swallowed', async () => {
		const [job] = await finishedJobs(1, 'video-fail-first');
		const workflowId = 'wf-fail-first';
		const bad = { aliyunVodApi: { ...sb.credentials.aliyun, accessKeySecret: 'wrong-secret' } };
		// The first copy holds the event while its (slowed, then refused) confirmation runs; the second arrives meanwhile.
		sb.setFaults({ vod: { GetAIImageJobs: { latencyMs: 800 } } });
		const mark = sb.requests.length;
		const firstCopy = deliver({ body: event({ JobId: job.JobId }), credentials: bad, workflowId });
		await until('first copy confirming', () => (sb.requests.slice(mark).some((r) => r.action === 'GetAIImageJobs') ? true : undefined));
		sb.clearFaults();
		const second = await deliver({ body: event({ JobId: job.JobId }), credentials: creds(), workflowId });
		const first = await firstCopy;
		expect([first.response.statusCode, first.workflowData]).toEqual([503, undefined]);
		expect(second.workflowData![0][0].json.confirmed).toBe(true);
	});
});

describe('8. canonical de-duplication keys', () => {
	test('status casing and EventTime format of a redelivery do not make it new', async () => {
		const first = await deliver({ body: event({ JobId: 'job-canon', Status: 'success', EventTime: '2024-10-20T10:29:46Z' }) });
		expect(first.workflowData).toBeDefined();
		for (const copy of [
			{ Status: 'SUCCESS', EventTime: '2024-10-20 10:29:46' },
			{ Status: 'Success ', EventTime: '1729420186' },
		]) {
			const again = await deliver({ body: event({ JobId: 'job-canon', ...copy }), staticData: first.staticData });
			expect([again.response.statusCode, again.workflowData]).toEqual([200, undefined]);
		}
		const otherTime = await deliver({ body: event({ JobId: 'job-canon', EventTime: '2024-10-20T10:31:00Z' }), staticData: first.staticData });
		expect(otherTime.workflowData).toBeDefined();
	});

	test('an event without JobId: whitespace and key order do not make a redelivery new', async () => {
		const body = { EventType: 'AIMediaAuditComplete', MediaId: 'v', Status: 'success' };
		const first = await deliver({ body: JSON.stringify(body) });
		expect(first.workflowData).toBeDefined();
		const spaced = `{ "Status" : "success",\n  "MediaId": "v", "EventType": "AIMediaAuditComplete" }`;
		const again = await deliver({ body: spaced, staticData: first.staticData });
		expect([again.response.statusCode, again.workflowData]).toEqual([200, undefined]);
	});
});

describe('10. an event carrying a JobId is not dropped for its type name alone', () => {
	test('unknown type, JobId known to GetAIImageJobs -> executed; JobId unknown -> 200, not executed, logged', async () => {
		const [job] = await finishedJobs(1, 'video-type');
		const known = await deliver({ body: event({ JobId: job.JobId, EventType: 'MediaProcessComplete' }), credentials: creds() });
		expect(known.workflowData![0][0].json).toEqual(expect.objectContaining({ eventType: 'MediaProcessComplete', confirmed: true }));
		const { result: unknown, logged } = await withLogs(() => deliver({ body: event({ JobId: 'a'.repeat(32), EventType: 'StreamTranscodeComplete' }), credentials: creds() }));
		expect([unknown.response.statusCode, unknown.workflowData]).toEqual([200, undefined]);
		expect(logged).toMatch(/StreamTranscodeComplete.*not an AI image job/);
	});

	test('a status filtered out is answered 200 and logged with the status', async () => {
		const { result, logged } = await withLogs(() => deliver({ parameters: { authKey: AUTH_KEY, statusFilter: 'fail' } }));
		expect([result.response.statusCode, result.workflowData]).toEqual([200, undefined]);
		expect(logged).toMatch(/ignored: job job-1 has status "success", Status selects "fail"/);
	});

	test('without a credential a non-AI type is filtered, and the log says why', async () => {
		const { result, logged } = await withLogs(() => deliver({ body: event({ EventType: 'FileUploadComplete' }) }));
		expect([result.response.statusCode, result.workflowData]).toEqual([200, undefined]);
		expect(logged).toMatch(/ignored: type "FileUploadComplete".*cannot be confirmed without a VOD credential/);
	});
});

describe('11. confirmations are coalesced and answered in time', () => {
	test('25 concurrent events of 25 jobs -> every one executed once, GetAIImageJobs calls of at most 10 JobIds, far fewer than 25', async () => {
		const jobs = await finishedJobs(25, 'video-burst');
		const workflowId = 'wf-burst';
		const { result, calls } = await triggerConfirmations(() =>
			Promise.all(jobs.map((job) => deliver({ body: event({ JobId: job.JobId }), credentials: creds(), workflowId }))),
		);
		expect(result.every((r) => r.workflowData?.[0][0].json.confirmed === true)).toBe(true);
		const asked = calls.flatMap((params) => String(params.JobIds).split(','));
		expect(new Set(asked)).toEqual(new Set(jobs.map((job) => job.JobId)));
		expect(calls.every((params) => String(params.JobIds).split(',').length <= 10)).toBe(true);
		expect(calls.length).toBeLessThanOrEqual(5);
	});

	test('a confirmation that cannot finish within ~4 s answers 503 (VOD redelivers) instead of missing the 5 s deadline', async () => {
		const [job] = await finishedJobs(1, 'video-slow');
		sb.setFaults({ vod: { GetAIImageJobs: { latencyMs: 5500 } } });
		try {
			const started = Date.now();
			const result = await deliver({ body: event({ JobId: job.JobId }), credentials: creds() });
			expect([result.response.statusCode, result.workflowData]).toEqual([503, undefined]);
			// Answered before the API did: the deadline, not an error, made it 503.
			expect(Date.now() - started).toBeLessThan(5500);
		} finally {
			sb.clearFaults();
		}
		// VOD's redelivery (~1 s later) joins the call still under way: no second GetAIImageJobs call; and once
		// that answer is in, later deliveries of the finished job are served from it too.
		for (let copy = 0; copy < 2; copy++) {
			const { result: redelivered, calls } = await triggerConfirmations(() => deliver({ body: event({ JobId: job.JobId }), credentials: creds() }));
			expect(redelivered.workflowData![0][0].json).toEqual(expect.objectContaining({ confirmed: true, status: 'success' }));
			expect(calls).toHaveLength(0);
		}
	}, 20_000);
});
