/**
 * veImageX emulator fidelity to the official SDK models (provider-fidelity.md): GetImageAIDetails needs ServiceId,
 * task statuses Suspend / Cancel / Failed, entry status Dispatched, no CallbackConf key on a queue without callback,
 * ServiceRegion `va` for us-east-1.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { TASK_CANCEL_MARKER, TASK_FAIL_MARKER } from '../../sandbox/veimagex/engine';
import { volcCall, waitFor, type VolcCall } from './volcengine-client';

let sb: Sandbox;
let key: { accessKeyId: string; secret: string };
const call = (action: string, extra: Partial<VolcCall> = {}) => volcCall({ endpoint: sb.veimagexEndpoint, action, key, ...extra });
const now = () => Math.floor(Date.now() / 1000);
const window = () => ({ StartTime: now() - 3600, EndTime: now() + 60 });
const SERVICE = 'svc-fidelity';

// 0.1: one processing tick per 100 ms, slow enough to see entries and tasks between states.
beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 0.1, quotas: false, seed: 3 });
	key = { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey };
});
afterAll(() => sb.stop());

async function newQueue(name: string, extra: Record<string, unknown> = {}): Promise<string> {
	return (await call('CreateImageAIProcessQueue', { body: { Name: name, Attribute: 'bgfill', IsStart: true, ...extra } })).json.Result.QueueId;
}

async function submit(queueId: string, dataList: string[]): Promise<string> {
	const res = await call('CreateImageAITask', {
		body: { ServiceId: SERVICE, QueueId: queueId, WorkflowTemplateId: 'system_workflow_ai_super_resolution', WorkflowParameter: '{}', DataType: 'uri', DataList: dataList },
	});
	expect(res.status).toBe(200);
	return res.json.Result.TaskId;
}

const images = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}/${i}.png`);

async function taskInfo(queueId: string, taskId: string, status?: string) {
	const res = await call('GetImageAITasks', { query: { QueueId: queueId, TaskId: taskId, ...window(), ...(status ? { Status: status } : {}) } });
	return res.json.Result.TaskInfo[0] as Record<string, unknown> | undefined;
}

async function entryStatuses(queueId: string, taskId: string, status?: string): Promise<string[]> {
	const res = await call('GetImageAIDetails', { query: { QueueId: queueId, ServiceId: SERVICE, TaskId: taskId, ...window(), Limit: 100, ...(status ? { Status: status } : {}) } });
	return res.json.Result.ExecInfo.map((e: { Status: string }) => e.Status);
}

test('GetImageAIDetails for a task refuses a missing ServiceId (both SDKs require both); the queue-wide listing stays', async () => {
	const queueId = await newQueue('details-service');
	const taskId = await submit(queueId, images(2, 'svc'));
	const missing = await call('GetImageAIDetails', { query: { QueueId: queueId, TaskId: taskId, ...window(), Limit: 10 } });
	expect({ status: missing.status, code: missing.json.ResponseMetadata.Error.Code }).toEqual({ status: 400, code: 'MissingParameter' });
	expect(missing.json.ResponseMetadata.Error.Message).toMatch(/ServiceId/);
	const queueWide = await call('GetImageAIDetails', { query: { QueueId: queueId, ...window(), Limit: 10 } });
	expect(queueWide.json.Result.Total).toBe(2);
	const other = await call('GetImageAIDetails', { query: { QueueId: queueId, ServiceId: 'another', TaskId: taskId, ...window(), Limit: 10 } });
	expect(other.json.Result).toEqual({ ExecInfo: [], Total: 0 });
	expect(await entryStatuses(queueId, taskId)).toHaveLength(2);
});

test('entries go Pending -> Dispatched -> Running -> Success; the Status filter tells Dispatched from Running', async () => {
	const queueId = await newQueue('dispatched');
	// 1000 entries, 50 dispatched per tick: for ~20 ticks the in-progress ones are 50 Running + 50 Dispatched.
	const taskId = await submit(queueId, images(1000, 'disp'));
	const seen = await waitFor(async () => {
		const statuses = await entryStatuses(queueId, taskId, 'Dispatched,Running');
		return statuses.includes('Dispatched') && statuses.includes('Running') ? statuses : undefined;
	}, 20_000, 'Dispatched and Running entries at the same time');
	expect(seen.every((s) => s === 'Dispatched' || s === 'Running')).toBe(true);
	const dispatched = await entryStatuses(queueId, taskId, 'Dispatched');
	expect(dispatched.length).toBeGreaterThan(0);
	expect(dispatched.every((s) => s === 'Dispatched')).toBe(true);
	expect(await entryStatuses(queueId, taskId, 'Pending')).toEqual(expect.arrayContaining(['Pending']));
	await waitFor(async () => await taskInfo(queueId, taskId, 'Done'), 30_000, 'task Done');
	expect(new Set(await entryStatuses(queueId, taskId))).toEqual(new Set(['Success']));
});

test('pausing a queue suspends its started task (Status Suspend, also as filter); starting it resumes to Done', async () => {
	const queueId = await newQueue('suspend');
	const taskId = await submit(queueId, images(1000, 'susp'));
	await waitFor(async () => ((await entryStatuses(queueId, taskId)).some((s) => s !== 'Pending') ? true : undefined), 20_000, 'task started');
	await call('UpdateImageAIProcessQueueStatus', { body: { Id: queueId, Status: 'Pending' } });
	expect(await taskInfo(queueId, taskId)).toEqual(expect.objectContaining({ TaskId: taskId, Status: 'Suspend' }));
	expect(await taskInfo(queueId, taskId, 'Suspend')).toEqual(expect.objectContaining({ TaskId: taskId }));
	expect(await taskInfo(queueId, taskId, 'Running')).toBeUndefined();
	// A task that never started in a paused queue is still waiting (Running), not suspended.
	const waiting = await submit(queueId, images(1, 'later'));
	expect((await taskInfo(queueId, waiting))?.Status).toBe('Running');
	await call('UpdateImageAIProcessQueueStatus', { body: { Id: queueId, Status: 'Running' } });
	expect((await taskInfo(queueId, taskId))?.Status).toBe('Running');
	await waitFor(async () => await taskInfo(queueId, taskId, 'Done'), 30_000, 'task Done after resuming');
});

test.each([
	[TASK_CANCEL_MARKER, 'Cancel'],
	[TASK_FAIL_MARKER, 'Failed'],
])('an input naming %s ends its task as %s; later images are never processed', async (marker, status) => {
	const queueId = await newQueue(`end-${status}`);
	const list = [...images(60, `end-${status}`), `x/${marker}.png`, ...images(60, `tail-${status}`)];
	const taskId = await submit(queueId, list);
	const task = await waitFor(async () => await taskInfo(queueId, taskId, status), 20_000, `task ${status}`);
	expect(task).toEqual(expect.objectContaining({ Status: status, Total: 121, Fail: 0 }));
	expect(Number(task.Success)).toBeLessThan(121);
	expect(String(task.EndAt)).not.toBe('');
	// Nothing moves any more: the last images stay Pending.
	await new Promise((r) => setTimeout(r, 300));
	const details = await call('GetImageAIDetails', { query: { QueueId: queueId, ServiceId: SERVICE, TaskId: taskId, ...window(), Limit: 100, Offset: 100 } });
	expect(details.json.Result.ExecInfo.map((e: { Status: string }) => e.Status)).toEqual(Array(21).fill('Pending'));
	expect((await taskInfo(queueId, taskId))?.Status).toBe(status);
});

test('a queue without callback has no CallbackConf key (omitempty in the Go SDK); one with a callback has it', async () => {
	const plain = await newQueue('no-callback');
	const withCallback = await newQueue('callback', {
		CallbackConf: { Method: 'HTTP', Endpoint: 'http://127.0.0.1:9/cb', DataFormat: 'JSON', Type: 'entry', Args: '' },
	});
	const queues = (await call('GetImageAIProcessQueues', { query: { Limit: 100 } })).json.Result.Queues as Array<Record<string, unknown>>;
	const byId = new Map(queues.map((q) => [q.Id, q]));
	expect(byId.get(plain)).not.toHaveProperty('CallbackConf');
	expect(byId.get(plain)).toEqual(expect.objectContaining({ EnableCallback: false }));
	expect(queues.find((q) => q.Type === 'default')).not.toHaveProperty('CallbackConf');
	expect(byId.get(withCallback)?.CallbackConf).toEqual({ Method: 'HTTP', Endpoint: 'http://127.0.0.1:9/cb', DataFormat: 'JSON', Type: 'entry', Args: '' });
});

test('ServiceRegion: cn for cn-north-1, sg for ap-southeast-1, va (US East) for us-east-1', async () => {
	const region = async (name: string) =>
		(await call('GetAllImageServices', { version: '2018-08-01', method: 'GET', region: name })).json.Result.Services[0].ServiceRegion;
	expect(await region('cn-north-1')).toBe('cn');
	expect(await region('ap-southeast-1')).toBe('sg');
	expect(await region('us-east-1')).toBe('va');
});
