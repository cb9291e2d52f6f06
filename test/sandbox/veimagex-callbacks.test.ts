/** veImageX callbacks to a loopback receiver: task messages split at 5000 (JSON task-level, XML queue-level),
 *  entry messages, callback_args pass-through, resend, and callback faults. */
import { parseStringPromise } from 'xml2js';
import { startSandbox, type Sandbox } from '../../sandbox';
import { startReceiver } from './callback-receiver';
import { volcCall, waitFor, type VolcCall } from './volcengine-client';

let sb: Sandbox;
let rx: Awaited<ReturnType<typeof startReceiver>>;
const call = (action: string, extra: Partial<VolcCall> = {}) =>
	volcCall({
		endpoint: sb.veimagexEndpoint, action,
		key: { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey }, ...extra,
	});
const task = (QueueId: string, DataList: string[], extra: Record<string, unknown> = {}) => ({
	ServiceId: 'svc1', QueueId, WorkflowTemplateId: 'system_workflow_ai_super_resolution', WorkflowParameter: '{}',
	DataType: 'uri', DataList, ...extra,
});
const names = (n: number) => Array.from({ length: n }, (_, i) => `img/${i}.png`);

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotas: false, seed: 3 });
	rx = await startReceiver();
});
afterAll(async () => {
	await sb.stop();
	await rx.stop();
});
beforeEach(() => {
	sb.reset();
	rx.received.length = 0;
});

async function defaultQueue(): Promise<string> {
	return (await call('GetImageAIProcessQueues', { query: { Limit: 10 } })).json.Result.Queues[0].Id;
}

test('10 000-entry task, task-level JSON CallbackConf -> 2 messages of 5000 entries', async () => {
	const q = await defaultQueue();
	const CallbackConf = { Method: 'HTTP', Endpoint: `${rx.url}/json`, DataFormat: 'JSON', Args: 'nonce-1', Type: 'task' };
	const created = await call('CreateImageAITask', { body: task(q, names(10_000), { CallbackConf }) });
	expect(created.status).toBe(200);
	await waitFor(() => (rx.received.length >= 2 ? true : undefined), 15_000);
	await new Promise((r) => setTimeout(r, 50));
	expect(rx.received).toHaveLength(2);
	const messages = rx.received.map((m) => JSON.parse(m.body));
	expect(rx.received.every((m) => m.headers['content-type'] === 'application/json')).toBe(true);
	for (const m of messages) {
		expect(m).toEqual(expect.objectContaining({
			callback_type: 'task', callback_args: 'nonce-1', queue_id: q, task_id: created.json.Result.TaskId,
			workflow_template_id: 'system_workflow_ai_super_resolution', task_part_info: null,
		}));
		expect(m.entry_info).toHaveLength(5000);
	}
	const all = messages.flatMap((m) => m.entry_info);
	expect(new Set(all.map((e: any) => e.entry_id)).size).toBe(10_000);
	const first = all[0];
	expect(first).toEqual({
		uri: 'tos-cn-i-svc1/img/0.png', input_object_key: 'img/0.png', entry_id: expect.any(String), status: 'Success',
		ai_result: { output: expect.any(String) }, submit_at: expect.any(Number), start_at: expect.any(Number), end_at: expect.any(Number),
	});
	expect(String(first.submit_at)).toMatch(/^\d{10}$/);
	expect(JSON.parse(first.ai_result.output)).toEqual({ ObjectKey: expect.any(String), Size: expect.any(Number), Format: 'png' });
	expect(sb.callbacks.filter((c) => c.url === `${rx.url}/json`).map((c) => c.status)).toEqual([200, 200]);
});

test('queue-level XML task callbacks (EnableCallback) -> 2 XML messages of 5000 <entry_info>', async () => {
	const created = await call('CreateImageAIProcessQueue', {
		body: { Name: 'xmlq', Attribute: 'bgfill', IsStart: true, CallbackConf: { Method: 'HTTP', Endpoint: `${rx.url}/xml`, DataFormat: 'XML', Args: 'a&b', Type: 'task' } },
	});
	const q = created.json.Result.QueueId;
	await call('CreateImageAITask', { body: task(q, names(10_000)) });
	await waitFor(() => (rx.received.length >= 2 ? true : undefined), 15_000);
	expect(rx.received).toHaveLength(2);
	for (const m of rx.received) {
		expect(m.headers['content-type']).toBe('application/xml');
		const doc = await parseStringPromise(m.body, { explicitArray: false });
		expect(doc.callback).toEqual(expect.objectContaining({ callback_type: 'task', callback_args: 'a&b', queue_id: q }));
		expect(doc.callback.entry_info).toHaveLength(5000);
		expect(doc.callback.entry_info[0]).toEqual(expect.objectContaining({ status: 'Success', ai_result: { output: expect.stringContaining('"Format":"png"') } }));
	}
});

test('entry callbacks: one POST per entry, failures carry 615011; resend re-posts one entry', async () => {
	const q = await defaultQueue();
	const CallbackConf = { Method: 'HTTP', Endpoint: `${rx.url}/entry`, DataFormat: 'JSON', Type: 'entry' };
	await call('CreateImageAITask', { body: task(q, ['a.png', 'sandbox-fail.gif', 'c.webp'], { CallbackConf }) });
	await waitFor(() => (rx.received.length >= 3 ? true : undefined));
	const bodies = rx.received.map((m) => JSON.parse(m.body));
	expect(bodies.every((b) => b.callback_type === 'entry' && b.callback_args === '' && !Array.isArray(b.entry_info))).toBe(true);
	const failed = bodies.find((b) => b.entry_info.status === 'Fail');
	expect(failed.entry_info.ai_result).toEqual({ output: '', err_code: '615011', err_msg: expect.any(String) });
	const resend = await call('CreateImageAIProcessCallback', { body: { EntryId: failed.entry_info.entry_id } });
	expect(resend.status).toBe(200);
	await waitFor(() => (rx.received.length >= 4 ? true : undefined));
	expect(JSON.parse(rx.received[3].body).entry_info.entry_id).toBe(failed.entry_info.entry_id);
});

test('callback faults: dropped and duplicated messages are visible in the callback log', async () => {
	const q = await defaultQueue();
	const CallbackConf = { Method: 'HTTP', Endpoint: `${rx.url}/f`, DataFormat: 'JSON', Type: 'entry' };
	sb.setFaults({ veimagex: { callback: { dropRate: 1 } } });
	await call('CreateImageAITask', { body: task(q, ['a.png'], { CallbackConf }) });
	await waitFor(() => (sb.callbacks.length >= 1 ? true : undefined));
	expect(sb.callbacks[0]).toEqual(expect.objectContaining({ fault: 'dropped', attempt: 0 }));
	expect(rx.received).toHaveLength(0);

	sb.setFaults({ veimagex: { callback: { duplicateRate: 1 } } });
	await call('CreateImageAITask', { body: task(q, ['b.png'], { CallbackConf }) });
	await waitFor(() => (rx.received.length >= 2 ? true : undefined));
	expect(rx.received[0].body).toBe(rx.received[1].body);
	expect(sb.callbacks.filter((c) => c.fault === 'duplicate')).toHaveLength(2);
});

test('callback fault outOfOrder: every message still arrives, each marked in the log', async () => {
	const q = await defaultQueue();
	sb.setFaults({ veimagex: { callback: { outOfOrderRate: 1 } } });
	const CallbackConf = { Method: 'HTTP', Endpoint: `${rx.url}/o`, DataFormat: 'JSON', Type: 'entry' };
	await call('CreateImageAITask', { body: task(q, ['a.png', 'b.png', 'c.png'], { CallbackConf }) });
	await waitFor(() => (rx.received.length >= 3 ? true : undefined));
	expect(new Set(rx.received.map((m) => JSON.parse(m.body).entry_info.entry_id)).size).toBe(3);
	expect(sb.callbacks.map((c) => c.fault)).toEqual(['outOfOrder', 'outOfOrder', 'outOfOrder']);
});
