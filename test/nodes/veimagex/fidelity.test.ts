/**
 * The node against the SDK-faithful emulator (provider-fidelity.md): GetImageAIDetails always gets ServiceId, a wait
 * ends with a clear error item on Cancel / Failed and reports a suspended task as "queue paused" at once, and a
 * queue without callback (no CallbackConf key) reads and updates cleanly.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { TASK_CANCEL_MARKER, TASK_FAIL_MARKER } from '../../../sandbox/veimagex/engine';
import { byId, calls, createQueue, run, startVeImageXSandbox, taskCreateParams, tasksIn, urls, veimagexCalls } from './helpers';

let sb: Sandbox;

// One processing tick per 100 ms: slow enough to pause a queue while its task runs.
beforeAll(async () => {
	sb = await startVeImageXSandbox({ speed: 0.1 });
});
afterAll(async () => await sb.stop());

const waitParams = (queueId: string, extra: IDataObject = {}) => ({
	resource: 'task',
	operation: 'waitForCompletion',
	queueId: byId(queueId),
	pollIntervalSeconds: 0.05,
	waitTimeoutMinutes: 1,
	...extra,
});

async function createTask(queueId: string, input: IDataObject[]): Promise<IDataObject[]> {
	const created = await run(sb, taskCreateParams(queueId), input);
	expect(created.error).toBeUndefined();
	return created.items.map((item) => item.json);
}

test('Wait for Completion sends ServiceId (from the item, as Task → Create outputs it) on every poll and details page', async () => {
	const queueId = await createQueue(sb, 'fidelity-service');
	const created = await createTask(queueId, urls(3, 'svc'));
	const from = veimagexCalls(sb).length;
	const { items, error } = await run(sb, waitParams(queueId), created);
	expect(error).toBeUndefined();
	expect(items.map((i) => i.json.Status)).toEqual(['Success', 'Success', 'Success']);
	expect(items.every((i) => i.json.ServiceId === 'svc-1')).toBe(true);
	const sent = veimagexCalls(sb).slice(from);
	const details = sent.filter((r) => r.action === 'GetImageAIDetails');
	expect(details.length).toBeGreaterThan(0);
	for (const r of [...details, ...sent.filter((c) => c.action === 'GetImageAITasks')]) {
		expect(r.params).toEqual(expect.objectContaining({ ServiceId: 'svc-1', TaskId: created[0].TaskId }));
	}
	expect(details.every((r) => r.status === 200)).toBe(true);

	// Task → Create with Wait sends it too.
	const before = calls(sb, 'GetImageAIDetails').length;
	const waited = await run(sb, taskCreateParams(queueId, { waitForCompletion: true, pollIntervalSeconds: 0.05 }), urls(2, 'svc-wait'));
	expect(waited.error).toBeUndefined();
	expect(calls(sb, 'GetImageAIDetails').slice(before).map((r) => r.params?.ServiceId)).toEqual(['svc-1']);
});

test('Wait for Completion without a Service (items lacking ServiceId) fails each item naming the field, before any request', async () => {
	const from = veimagexCalls(sb).length;
	const { items, error } = await run(sb, waitParams('q-any'), [{ TaskId: 't1', Image: 'a.png' }, { TaskId: 't2', Image: 'b.png' }], { continueOnFail: true });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(2);
	items.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(String(item.json.error)).toMatch(/^Service: no service selected/);
	});
	expect(veimagexCalls(sb).length).toBe(from);
});

test.each([
	[TASK_CANCEL_MARKER, 'Cancel', /^Task \w+ was cancelled before it finished \(\d+ of 4 images succeeded, 0 failed\)$/],
	[TASK_FAIL_MARKER, 'Failed', /^Task \w+ failed as a whole \(\d+ of 4 images succeeded, 0 failed\)$/],
])('a task ending %s ends the wait with one clear error item per input item, no entries read', async (marker, status, message) => {
	const queueId = await createQueue(sb, `fidelity-${status}`);
	const input = [...urls(2, status), { url: `https://cdn.example.com/batch/${marker}.png` }, ...urls(1, `${status}-tail`)];
	const created = await createTask(queueId, input);
	const detailsBefore = calls(sb, 'GetImageAIDetails').length;
	const { items, error } = await run(sb, waitParams(queueId), created, { continueOnFail: true });
	expect(error).toBeUndefined();
	expect(tasksIn(sb, queueId)[0].Status).toBe(status);
	expect(items).toHaveLength(4);
	items.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(String(item.json.error)).toMatch(message);
		expect(String(item.json.error)).toContain(String(created[0].TaskId));
	});
	expect(calls(sb, 'GetImageAIDetails').length).toBe(detailsBefore);

	// Without Continue On Fail the execution stops with that error; Create + Wait ends the same way.
	const stopped = await run(sb, taskCreateParams(queueId, { waitForCompletion: true, pollIntervalSeconds: 0.05 }), input);
	expect(stopped.error?.message).toMatch(message);
	expect(stopped.error?.description).toMatch(/Task → Create/);
});

test('a task whose queue is paused mid-way is reported as "queue paused" at the first poll, not after the timeout', async () => {
	const queueId = await createQueue(sb, 'fidelity-suspend');
	const created = await createTask(queueId, urls(2000, 'susp'));
	// Started (some entries finished), then paused while it runs.
	for (let i = 0; i < 200 && !(tasksIn(sb, queueId)[0]?.Done > 0); i++) await new Promise((r) => setTimeout(r, 25));
	expect(tasksIn(sb, queueId)[0].Done).toBeGreaterThan(0);
	expect((await run(sb, { resource: 'queue', operation: 'pause', queueId: byId(queueId) })).error).toBeUndefined();

	const pollsBefore = calls(sb, 'GetImageAITasks').length;
	const { items, error } = await run(sb, waitParams(queueId, { waitTimeoutMinutes: 5 }), created.slice(0, 3), { continueOnFail: true });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(3);
	for (const item of items) {
		expect(String(item.json.error)).toMatch(new RegExp(`^Task ${String(created[0].TaskId)} is suspended: queue ${queueId} is paused \\(\\d+ of 2000 images succeeded`));
	}
	expect(calls(sb, 'GetImageAITasks').length - pollsBefore).toBe(1);
	const stopped = await run(sb, waitParams(queueId, { waitTimeoutMinutes: 5 }), created.slice(0, 1));
	expect(stopped.error?.message).toMatch(/is suspended: queue \w+ is paused/);
	expect(stopped.error?.description).toMatch(/Start the queue \(Queue → Start\), then run Task → Wait for Completion again/);

	// Started again, the same wait completes with every item's result.
	await run(sb, { resource: 'queue', operation: 'start', queueId: byId(queueId) });
	const resumed = await run(sb, waitParams(queueId), created.slice(0, 3));
	expect(resumed.error).toBeUndefined();
	expect(resumed.items.map((i) => i.json.Status)).toEqual(['Success', 'Success', 'Success']);
});

test('Entry → Get Many with a Task ID needs the Service (refused before sending); without a Task ID it stays optional', async () => {
	const queueId = await createQueue(sb, 'fidelity-entries');
	const created = await createTask(queueId, urls(2, 'entries'));
	const before = calls(sb, 'GetImageAIDetails').length;
	const refused = await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queueId), taskId: String(created[0].TaskId), returnAll: true });
	expect(refused.error?.message).toMatch(/^Service: no service selected/);
	expect(calls(sb, 'GetImageAIDetails').length).toBe(before);
	const scoped = await run(sb, {
		resource: 'entry', operation: 'getAll', queueId: byId(queueId), taskId: String(created[0].TaskId), serviceId: byId('svc-1'), returnAll: true,
	});
	expect(scoped.error).toBeUndefined();
	expect(scoped.items).toHaveLength(2);
	expect(calls(sb, 'GetImageAIDetails').at(-1)!.params).toEqual(expect.objectContaining({ ServiceId: 'svc-1', TaskId: created[0].TaskId }));
	const queueWide = await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queueId), returnAll: true });
	expect(queueWide.items).toHaveLength(2);
});

test('a queue without callback (no CallbackConf key) is read and renamed without inventing a callback', async () => {
	const queueId = await createQueue(sb, 'fidelity-no-callback', { isStart: false });
	const got = await run(sb, { resource: 'queue', operation: 'get', queueId: byId(queueId) });
	expect(got.error).toBeUndefined();
	expect(got.items[0].json).toEqual(expect.objectContaining({ Id: queueId, EnableCallback: false }));
	expect(got.items[0].json).not.toHaveProperty('CallbackConf');
	const renamed = await run(sb, { resource: 'queue', operation: 'update', queueId: byId(queueId), updateFields: { name: 'renamed' } });
	expect(renamed.error).toBeUndefined();
	const sent = calls(sb, 'UpdateImageAIProcessQueue').at(-1)!;
	expect(sent.status).toBe(200);
	expect(sent.params).toEqual({ Id: queueId, Name: 'renamed', Attribute: 'ai_super_resolution', Desc: '', EnableCallback: false });
});
