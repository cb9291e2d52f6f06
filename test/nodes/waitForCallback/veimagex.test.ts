/**
 * Task → Create and Wait for Callback on real n8n-core: execute() puts the execution to wait with its state saved;
 * the sandbox's task callbacks reach the resume URL through a loopback stand-in of n8n's /webhook-waiting route.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { waitFor } from '../../sandbox/wait';
import { runUntilWait, toInputItems, waitingExecution, WaitingServer, type WaitingExecution } from '../../harness/waiting';
import { calls, createQueue, credentialsOf, NODE_TYPE, run, startVeImageXSandbox, taskCreateParams, urls } from '../veimagex/helpers';

let sb: Sandbox;
let server: WaitingServer;

beforeAll(async () => {
	sb = await startVeImageXSandbox();
	server = await new WaitingServer().listen();
});
afterAll(async () => {
	await server.close();
	await sb.stop();
});

const params = (queueId: string, extra: IDataObject = {}) =>
	taskCreateParams(queueId, { operation: 'createAndWaitForCallback', maxWaitMinutes: 60, ...extra });

async function startWaiting(queueId: string, input: IDataObject[], extra: IDataObject = {}, continueOnFail = false): Promise<WaitingExecution> {
	const execution = await waitingExecution({ type: NODE_TYPE, parameters: params(queueId, extra), credentials: credentialsOf(sb), continueOnFail, baseUrl: server.url });
	server.register(execution);
	await execution.start(toInputItems(input));
	return execution;
}

const startQueue = async (queueId: string) => {
	const { error } = await run(sb, { resource: 'queue', operation: 'start', queueId: { __rl: true, mode: 'id', value: queueId } });
	if (error) throw error;
};

const taskMessage = (taskId: string, extra: IDataObject = {}) => Buffer.from(JSON.stringify({ callback_type: 'task', task_id: taskId, entry_info: [], ...extra }));
const statusCalls = () => calls(sb, 'GetImageAITasks').length;

describe('veImageX Create and Wait for Callback', () => {
	test('waits with its state saved, every task pointed at the resume URL, and resumes once all tasks are done', async () => {
		const queueId = await createQueue(sb, 'wait-held', { isStart: false });
		const input = urls(25, 'held');
		const started = Date.now();
		const before = calls(sb, 'CreateImageAITask').length;
		const execution = await startWaiting(queueId, input, { options: { imagesPerTask: 10 } });

		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('waiting');
		// Deadline = Maximum Wait from now.
		const waitTill = execution.waitTill!.getTime();
		expect(waitTill).toBeGreaterThanOrEqual(started + 60 * 60_000);
		expect(waitTill).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
		const created = calls(sb, 'CreateImageAITask').slice(before).filter((r) => r.status === 200);
		expect(created).toHaveLength(3);
		const state = execution.savedContext()?.waitForCallback as IDataObject;
		const tasks = (state.data as IDataObject).tasks as Array<{ TaskId: string; items: number[] }>;
		expect(tasks.map((t) => t.items.length)).toEqual([10, 10, 5]);
		expect(state.itemCount).toBe(25);
		expect(String(state.callbackUrl)).toBe(`${execution.resumeUrl}&batch=${String(state.marker)}`);
		for (const request of created) {
			expect(request.params!.CallbackConf).toEqual({ Endpoint: state.callbackUrl, Type: 'task', DataFormat: 'JSON', Method: 'HTTP', Args: '' });
		}

		// A callback while the tasks are held in the paused queue: one status call (the newest task), keep waiting.
		const url = new URL(String(state.callbackUrl));
		const early = statusCalls();
		const answer = await execution.callback({ url: url.pathname + url.search, headers: { 'content-type': 'application/json' }, rawBody: taskMessage(tasks[0].TaskId) });
		expect(answer).toMatchObject({ statusCode: 200, resumed: false });
		expect(statusCalls() - early).toBe(1);
		expect(execution.status).toBe('waiting');

		// The queue runs: the sandbox's task callbacks resume the execution.
		const callbacksBefore = sb.callbacks.length;
		const checksBefore = statusCalls();
		await startQueue(queueId);
		await waitFor(() => (execution.status === 'success' || execution.status === 'error' ? true : undefined), 20_000, 'resume');
		await waitFor(() => (sb.callbacks.slice(callbacksBefore).every((cb) => cb.status !== undefined || cb.error) ? true : undefined), 10_000, 'callbacks answered');
		expect(execution.error).toBeUndefined();
		const [timedOut, done] = execution.outputs();
		expect(timedOut).toEqual([]);
		expect(done).toHaveLength(25);
		done.forEach((item, index) => {
			// n8n-core re-pairs the items it resumes with as items of "input 1" (the output they came on); the item index stays.
			expect(item.pairedItem).toEqual({ item: index, input: 1 });
			expect(item.json).toMatchObject({ Image: input[index].url, Status: 'Success', TaskStatus: 'Done' });
			expect((item.json.Output as IDataObject).ObjectKey).toEqual(expect.any(String));
		});
		const callbacks = sb.callbacks.slice(callbacksBefore).filter((cb) => cb.url === state.callbackUrl);
		expect(callbacks.length).toBeGreaterThanOrEqual(1);
		// Three tasks: one status call per callback that kept waiting, one per task on the final pass, one per task for the results.
		// One resumed; callbacks arriving at the same instant may each have passed the whole check (n8n then answers 500).
		expect(callbacks.filter((cb) => cb.status === 200).length).toBeGreaterThanOrEqual(1);
		// At most: per callback one status call per task (the walk) plus one per task for the results.
		const accepted = calls(sb, 'GetImageAITasks').slice(checksBefore).filter((r) => r.status === 200);
		expect(accepted.length).toBeLessThanOrEqual(callbacks.length * 2 * tasks.length);
	});

	test('refuses forged, foreign and stale calls, answers 503 on provider errors, and never throws', async () => {
		const queueId = await createQueue(sb, 'wait-refuse', { isStart: false });
		const execution = await startWaiting(queueId, urls(3, 'refuse'));
		const state = execution.savedContext()?.waitForCallback as IDataObject;
		const taskId = ((state.data as IDataObject).tasks as Array<{ TaskId: string }>)[0].TaskId;
		const url = new URL(String(state.callbackUrl));
		const path = url.pathname;
		const json = { 'content-type': 'application/json' };
		const checks = statusCalls();

		// n8n's own token check.
		expect(await execution.callback({ url: `${path}?signature=forged&batch=${String(state.marker)}`, headers: json, rawBody: taskMessage(taskId) })).toMatchObject({ statusCode: 401 });
		// Right token, no or another batch marker (a URL from elsewhere): refused by the node.
		const token = url.searchParams.get('signature');
		expect(await execution.callback({ url: `${path}?signature=${token}`, headers: json, rawBody: taskMessage(taskId) })).toMatchObject({ statusCode: 403, resumed: false });
		expect(await execution.callback({ url: `${path}?signature=${token}&batch=${'0'.repeat(32)}`, headers: json, rawBody: taskMessage(taskId) })).toMatchObject({ statusCode: 403 });
		// A task that is not one of this execution's.
		expect(await execution.callback({ url: path + url.search, headers: json, rawBody: taskMessage('not-our-task') })).toMatchObject({ statusCode: 403 });
		expect(await execution.callback({ url: path + url.search, headers: { 'content-type': 'text/plain' }, rawBody: Buffer.from('not json') })).toMatchObject({ statusCode: 400 });
		expect(statusCalls()).toBe(checks); // none of these asked the provider

		// The provider cannot answer: 503, still waiting.
		sb.setFaults({ veimagex: { GetImageAITasks: { http5xxRate: 1 } } });
		const failed = await execution.callback({ url: path + url.search, headers: json, rawBody: taskMessage(taskId) });
		sb.clearFaults();
		expect(failed).toMatchObject({ statusCode: 503, resumed: false });
		expect(failed.threw).toBeUndefined();
		expect(execution.status).toBe('waiting');

		// Deadline: no node code runs; the input items come out on output 0 (Timed Out).
		await execution.passDeadline();
		expect(execution.status).toBe('success');
		const outputs = execution.outputs();
		expect(outputs[0].map((item) => item.json)).toEqual(urls(3, 'refuse'));
		expect(outputs[1] ?? []).toEqual([]);
		// Once resumed, further calls are refused by n8n (409) without running the node.
		const calls409 = execution.webhookCalls;
		expect(await execution.callback({ url: path + url.search, headers: json, rawBody: taskMessage(taskId) })).toMatchObject({ statusCode: 409 });
		expect(execution.webhookCalls).toBe(calls409);
	});

	test('Continue On Fail: a bad item is its error item on resume; the others get their results', async () => {
		const queueId = await createQueue(sb, 'wait-cof', { isStart: true });
		const input = [...urls(2, 'cof'), { url: 'not a url' }, ...urls(1, 'cof2')];
		const execution = await startWaiting(queueId, input, {}, true);
		await waitFor(() => (execution.status === 'success' ? true : undefined), 20_000, 'resume');
		const done = execution.outputs()[1];
		expect(done).toHaveLength(4);
		// Resumed by a callback (input 1) or finished by the check right before waiting: the item index is the input's.
		expect(done.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3]);
		expect(done[2].json.error).toMatch(/Image URL or URI/);
		expect(done[0].json.Status).toBe('Success');
		expect(done[3].json.Image).toBe(input[3].url);
	});

	test('refuses before sending when Maximum Wait exceeds what veImageX can look back on', async () => {
		const before = calls(sb, 'CreateImageAITask').length;
		const execution = await runUntilWait({ type: NODE_TYPE, parameters: params('q-any', { maxWaitMinutes: 20_000 }), credentials: credentialsOf(sb), input: urls(1) });
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toMatch(/Maximum Wait/);
		expect(calls(sb, 'CreateImageAITask').length).toBe(before);
	});
});
