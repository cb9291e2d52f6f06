/**
 * Job → Submit and Wait for Callback on real n8n-core: every job's UserData.MessageCallback points at the resume
 * URL; VOD's signed AI events (the sandbox) reach it through a loopback stand-in of n8n's /webhook-waiting route.
 */
import type { IDataObject } from 'n8n-workflow';

import { vodCallbackSignature } from '../../../credentials/common/signing';
import type { Sandbox } from '../../../sandbox';
import { waitFor } from '../../sandbox/wait';
import { toInputItems, waitingExecution, WaitingServer, type WaitingExecution } from '../../harness/waiting';
import { calls, credentialsFor, defaultTemplateId, NODE, runVod, startVodSandbox, videos } from '../vod/vodTestKit';

const AUTH_KEY = 'WaitKey2026abc';
/** Jobs of 600 000 cloud seconds (600 s here): they never finish during the refusal and keep-waiting steps. */
let sb: Sandbox;
/** Jobs of 4 000 cloud seconds (4 s here): still running at the check before waiting, then finishing. */
let sbShort: Sandbox;
let server: WaitingServer;
let templateId: string;
let shortTemplateId: string;

async function prepare(sandbox: Sandbox): Promise<string> {
	const template = await defaultTemplateId(sandbox);
	const set = await runVod(sandbox, { resource: 'callbackSettings', operation: 'set', callbackUrl: `${server.url}/unused`, eventTypes: ['AIComplete'], authSwitch: true, authKey: AUTH_KEY });
	if (set.error) throw set.error;
	return template;
}

beforeAll(async () => {
	server = await new WaitingServer().listen();
	sb = await startVodSandbox({ vod: { jobDurationMs: 600_000_000 } });
	sbShort = await startVodSandbox({ vod: { jobDurationMs: 4_000_000 } });
	templateId = await prepare(sb);
	shortTemplateId = await prepare(sbShort);
});
afterAll(async () => {
	await server.close();
	await sb.stop();
	await sbShort.stop();
});

const params = (extra: IDataObject = {}, template = templateId) => ({
	resource: 'job',
	operation: 'submitAndWaitForCallback',
	videoId: '={{ $json.videoId }}',
	aiTemplateId: { __rl: true, mode: 'id', value: template },
	callbackAuthKey: AUTH_KEY,
	maxWaitMinutes: 30,
	...extra,
});

async function startWaiting(input: IDataObject[], extra: IDataObject = {}, on: Sandbox = sb): Promise<WaitingExecution> {
	const template = on === sb ? templateId : shortTemplateId;
	const execution = await waitingExecution({ type: NODE, parameters: params(extra, template), credentials: credentialsFor(on), baseUrl: server.url });
	server.register(execution);
	await execution.start(toInputItems(input));
	return execution;
}

function signed(callbackUrl: string, jobId: string, options: { key?: string; ageSeconds?: number } = {}) {
	const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
	const url = new URL(callbackUrl);
	return {
		url: url.pathname + url.search,
		headers: { 'content-type': 'application/json', 'x-vod-timestamp': timestamp, 'x-vod-signature': vodCallbackSignature(callbackUrl, timestamp, options.key ?? AUTH_KEY) },
		rawBody: Buffer.from(JSON.stringify({ EventType: 'AIImageComplete', JobId: jobId, Status: 'success' })),
	};
}

const statusCalls = (on: Sandbox = sb) => calls(on, 'GetAIImageJobs').filter((r) => r.status === 200).length;

describe('VOD Submit and Wait for Callback', () => {
	test('waits with every job pointed at the resume URL; refuses unsigned, forged, stale and foreign events; keeps waiting', async () => {
		const input = videos(12);
		const submitsBefore = calls(sb, 'SubmitAIImageJob').length;
		const execution = await startWaiting(input, { additionalFields: { extend: '{"order":"A-17"}' }, waitOptions: { errorOnFailedJob: false } });
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('waiting');
		const state = execution.savedContext()?.waitForCallback as IDataObject;
		const jobs = (state.data as IDataObject).jobs as Array<{ itemIndex: number; JobId: string }>;
		expect(jobs.map((job) => job.itemIndex)).toEqual(input.map((_, index) => index));
		const submits = calls(sb, 'SubmitAIImageJob').slice(submitsBefore).filter((r) => r.status === 200);
		expect(submits).toHaveLength(12);
		for (const submit of submits) {
			expect(JSON.parse(String(submit.params!.UserData))).toEqual({ MessageCallback: { CallbackURL: state.callbackUrl, CallbackType: 'http' }, Extend: { order: 'A-17' } });
		}
		const callbackUrl = String(state.callbackUrl);

		// Refused before any status call: unsigned, wrong key, stale timestamp, a job of another execution.
		const before = statusCalls();
		const unsigned = signed(callbackUrl, jobs[0].JobId);
		expect(await execution.callback({ ...unsigned, headers: { 'content-type': 'application/json' } })).toMatchObject({ statusCode: 401 });
		expect(await execution.callback(signed(callbackUrl, jobs[0].JobId, { key: 'AnotherKey2026x' }))).toMatchObject({ statusCode: 401 });
		expect(await execution.callback(signed(callbackUrl, jobs[0].JobId, { ageSeconds: 900 }))).toMatchObject({ statusCode: 401 });
		expect(await execution.callback(signed(callbackUrl, 'f'.repeat(32)))).toMatchObject({ statusCode: 403 });
		expect(statusCalls()).toBe(before);

		// A valid event while jobs still run: one GetAIImageJobs call (newest ten first), still waiting.
		expect(await execution.callback(signed(callbackUrl, jobs[0].JobId))).toMatchObject({ statusCode: 200, resumed: false });
		expect(statusCalls() - before).toBe(1);
		expect(execution.status).toBe('waiting');
		await execution.passDeadline();
	});

	test('the signed job events resume it once every job is final, with every job exactly once', async () => {
		const input = videos(12);
		const execution = await startWaiting(input, {}, sbShort);
		expect(execution.status).toBe('waiting');
		const state = execution.savedContext()?.waitForCallback as IDataObject;
		const jobs = (state.data as IDataObject).jobs as Array<{ itemIndex: number; JobId: string }>;
		const callbackUrl = String(state.callbackUrl);
		await waitFor(() => (execution.status === 'success' || execution.status === 'error' ? true : undefined), 30_000, 'resume');
		expect(execution.error).toBeUndefined();
		const [timedOut, done] = execution.outputs();
		expect(timedOut).toEqual([]);
		expect(done).toHaveLength(12);
		done.forEach((item, index) => {
			expect((item.pairedItem as { item: number }).item).toBe(index);
			expect(item.json).toMatchObject({ JobId: jobs[index].JobId, SubmitRequestId: expect.any(String) });
			expect(String(item.json.Status).toLowerCase()).toBe('success');
		});
		expect(new Set(done.map((item) => item.json.JobId)).size).toBe(12);
		expect(sbShort.callbacks.filter((cb) => cb.url === callbackUrl).length).toBeGreaterThanOrEqual(1);
		// One decision at a time: the burst of 12 events costs one pass over the two batches (+ at most one per event that came early).
		expect(statusCalls(sbShort)).toBeLessThanOrEqual(1 + 2 + execution.webhookCalls);
	});

	test('refuses before sending when UserData with the resume URL and Extend is over 512 bytes', async () => {
		const before = calls(sb, 'SubmitAIImageJob').length;
		const execution = await startWaiting(videos(2), { additionalFields: { extend: JSON.stringify({ note: 'x'.repeat(400) }) } });
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toMatch(/512 bytes/);
		expect(calls(sb, 'SubmitAIImageJob').length).toBe(before);
	});

	test('a status error answers 503 and keeps waiting; the deadline puts the inputs on Timed Out', async () => {
		const input = videos(3);
		const execution = await startWaiting(input);
		expect(execution.status).toBe('waiting');
		const state = execution.savedContext()?.waitForCallback as IDataObject;
		const jobId = ((state.data as IDataObject).jobs as Array<{ JobId: string }>)[0].JobId;
		sb.setFaults({ vod: { GetAIImageJobs: { http5xxRate: 1 } } });
		const answer = await execution.callback(signed(String(state.callbackUrl), jobId));
		sb.clearFaults();
		expect(answer).toMatchObject({ statusCode: 503, resumed: false });
		expect(answer.threw).toBeUndefined();
		expect(execution.status).toBe('waiting');
		await execution.passDeadline();
		const outputs = execution.outputs();
		expect(outputs[0].map((item) => item.json)).toEqual(input);
		expect(outputs[1] ?? []).toEqual([]);
	});
});
