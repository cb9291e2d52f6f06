/**
 * veImageX end to end against the sandbox: the trigger registers itself as the queue's callback (and restores
 * the previous one), then the sandbox delivers real callbacks over HTTP to a loopback receiver that hands each
 * raw request to the trigger's webhook().
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { DEMO_KEYS } from '../../../sandbox/core/keys';
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INodeListSearchResult, INodeType } from 'n8n-workflow';

import { runWebhookMethod } from '../../harness';
import { createEngine, fullType } from '../../harness/context';
import { loadPackage } from '../../harness/package-loader';
import { volcCall } from '../../sandbox/volcengine-client';
import { startReceiver, VEIMAGEX_TRIGGER, until, type Receiver } from './helpers';

let sb: Sandbox;
let receiver: Receiver;
let parameters: INodeParameters;
const key = { accessKeyId: DEMO_KEYS.veimagex[0].accessKeyId, secret: DEMO_KEYS.veimagex[0].secret };
const PREVIOUS = { Method: 'HTTP', Endpoint: 'http://127.0.0.1:9/previous-receiver', DataFormat: 'JSON', Type: 'entry', Args: 'previous-args' };

const call = async (action: string, args: { query?: Record<string, string | number>; body?: unknown } = {}) => {
	const answer = await volcCall({ endpoint: sb.veimagexEndpoint, action, key, ...args });
	if (answer.json.ResponseMetadata?.Error) throw new Error(`${action}: ${JSON.stringify(answer.json.ResponseMetadata.Error)}`);
	return answer.json.Result as IDataObject;
};

async function queue(id: string): Promise<IDataObject> {
	const result = await call('GetImageAIProcessQueues', { query: { Limit: 100 } });
	return (result.Queues as IDataObject[]).find((q) => q.Id === id)!;
}

async function hook(method: 'checkExists' | 'create' | 'delete') {
	const result = await runWebhookMethod({
		type: VEIMAGEX_TRIGGER,
		method,
		parameters,
		credentials: { volcengineImageXApi: { ...sb.credentials.volcengine } },
		staticData: receiver.state.staticData,
		webhookUrl: receiver.webhookUrl,
	});
	receiver.state.staticData = result.staticData;
	return result.result;
}

async function submitTask(queueId: string, count: number, tag: string): Promise<string> {
	const DataList = Array.from({ length: count }, (_, i) => `${tag}/img-${i}.png`);
	const result = await call('CreateImageAITask', {
		body: { ServiceId: 'svc1', QueueId: queueId, WorkflowTemplateId: 'system_workflow_ai_super_resolution', WorkflowParameter: '{}', DataType: 'uri', DataList },
	});
	return String(result.TaskId);
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotas: false });
	receiver = await startReceiver({ type: VEIMAGEX_TRIGGER, parameters: () => parameters });
});
afterAll(async () => {
	await receiver.close();
	await sb.stop();
});

test('register -> 10 000-entry task in two messages -> XML + duplicate delivery -> forged call -> restore', async () => {
	const queueId = String((await call('CreateImageAIProcessQueue', { body: { Name: 'trigger-test', Attribute: 'ai_super_resolution', IsStart: true, CallbackConf: PREVIOUS } })).QueueId);
	parameters = { queueId, registerCallback: true, callbackType: 'task', dataFormat: 'JSON' };

	// Activation.
	expect(await hook('checkExists')).toBe(false);
	expect(await hook('create')).toBe(true);
	const secret = String(receiver.state.staticData.secret);
	expect(secret.length).toBeGreaterThanOrEqual(32);
	let live = await queue(queueId);
	expect(live.EnableCallback).toBe(true);
	expect(live.CallbackConf).toEqual({ Method: 'HTTP', Endpoint: `${receiver.webhookUrl}?token=${secret}`, DataFormat: 'JSON', Type: 'task', Args: secret });
	expect(await hook('checkExists')).toBe(true);

	// A 10 000-entry task arrives as two task messages -> 10 000 items.
	const taskId = await submitTask(queueId, 10_000, 'big');
	await until('two task messages', () => (receiver.deliveries.filter((d) => d.executed).length >= 2 ? true : undefined), 6000);
	const executed = receiver.deliveries.filter((d) => d.executed);
	expect(executed).toHaveLength(2);
	const items = executed.flatMap((d) => d.items);
	expect(items).toHaveLength(10_000);
	expect(new Set(items.map((i) => i.json.entry_id)).size).toBe(10_000);
	expect(items.every((i) => i.json.task_id === taskId && i.json.callback_type === 'task')).toBe(true);
	expect((items[0].json.ai_result as IDataObject).output).toEqual(expect.objectContaining({ ObjectKey: expect.any(String), Format: expect.any(String) }));
	expect(JSON.stringify(items[0])).not.toContain(secret);
	const statuses = () => sb.callbacks.filter((c) => c.provider === 'veimagex').map((c) => c.status);
	await until('sender saw both answers', () => (statuses().every((s) => s !== undefined) ? true : undefined));
	expect(statuses()).toEqual([200, 200]);

	// Switch to XML: the live config no longer matches, so n8n would run create again; the ORIGINAL settings stay remembered.
	parameters = { ...parameters, dataFormat: 'XML' };
	expect(await hook('checkExists')).toBe(false);
	expect(await hook('create')).toBe(true);
	live = await queue(queueId);
	expect((live.CallbackConf as IDataObject).DataFormat).toBe('XML');
	sb.setFaults({ veimagex: { callback: { duplicateRate: 1 } } });
	receiver.deliveries.length = 0;
	await submitTask(queueId, 30, 'xml');
	await until('xml message twice', () => (receiver.deliveries.length >= 2 ? true : undefined), 3000);
	sb.clearFaults();
	expect(receiver.deliveries.map((d) => [d.status, d.executed, d.items.length])).toEqual([
		[200, true, 30],
		[200, false, 0],
	]);
	expect(receiver.deliveries[0].items[5].json.entry_id).toEqual(expect.any(String));
	expect(sb.callbacks.filter((c) => c.provider === 'veimagex').slice(-2).every((c) => String(c.headers?.['content-type']).includes('xml'))).toBe(true);

	// Forged call over HTTP: refused, no execution.
	const forged = await fetch(`${receiver.webhookUrl}?token=guess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callback_type: 'entry', task_id: 'x', entry_info: { entry_id: 'x' } }) });
	expect(forged.status).toBe(401);
	expect(receiver.deliveries.at(-1)).toEqual(expect.objectContaining({ status: 401, executed: false }));

	// Deactivation restores the settings found before the first registration.
	const updatesBefore = sb.requests.filter((r) => r.action === 'UpdateImageAIProcessQueue').length;
	expect(await hook('delete')).toBe(true);
	live = await queue(queueId);
	expect(live.EnableCallback).toBe(true);
	expect(live.CallbackConf).toEqual(PREVIOUS);
	expect(receiver.state.staticData.registration).toBeUndefined();
	expect(sb.requests.filter((r) => r.action === 'UpdateImageAIProcessQueue').length).toBe(updatesBefore + 1);
});

test('errors are reported, not swallowed: unknown queue and rejected credentials fail activation', async () => {
	parameters = { queueId: 'no-such-queue', registerCallback: true };
	await expect(hook('create')).rejects.toThrow(/no queue "no-such-queue"/);
	const bad = runWebhookMethod({
		type: VEIMAGEX_TRIGGER,
		method: 'create',
		parameters: { queueId: 'q', registerCallback: true },
		credentials: { volcengineImageXApi: { ...sb.credentials.volcengine, secretAccessKey: 'wrong' } },
		webhookUrl: receiver.webhookUrl,
	});
	await expect(bad).rejects.toThrow(/SignatureDoesNotMatch/);
});

test('without a queue, activation demands a secret; with one set it passes without any request', async () => {
	const before = sb.requests.length;
	const run = (p: INodeParameters) =>
		runWebhookMethod({ type: VEIMAGEX_TRIGGER, method: 'create', parameters: { queueId: '', ...p }, webhookUrl: receiver.webhookUrl });
	await expect(run({})).rejects.toThrow(/Callback Secret/);
	expect((await run({ callbackSecret: 'my-own-secret-1234' })).result).toBe(true);
	expect(sb.requests.length).toBe(before);
});

test('entry callbacks (JSON) from a queue that had no callback: one execution per entry; restore switches it off and drops the secret', async () => {
	const queueId = String((await call('CreateImageAIProcessQueue', { body: { Name: 'trigger-entry', Attribute: 'ai_super_resolution', IsStart: true } })).QueueId);
	const before = await queue(queueId);
	expect(before.EnableCallback).not.toBe(true);
	// The Queue picker's value (a resource locator), as the editor saves it.
	parameters = { queueId: { __rl: true, mode: 'list', value: queueId }, registerCallback: true, callbackType: 'entry', dataFormat: 'JSON' };
	receiver.state.staticData = {};
	expect(await hook('create')).toBe(true);
	const secret = String(receiver.state.staticData.secret);

	receiver.deliveries.length = 0;
	const taskId = await submitTask(queueId, 3, 'entry');
	await until('three entry messages', () => (receiver.deliveries.filter((d) => d.executed).length >= 3 ? true : undefined), 3000);
	const executed = receiver.deliveries.filter((d) => d.executed);
	expect(executed.map((d) => [d.status, d.items.length])).toEqual([
		[200, 1],
		[200, 1],
		[200, 1],
	]);
	const items = executed.map((d) => d.items[0].json);
	expect(items.every((i) => i.callback_type === 'entry' && i.task_id === taskId)).toBe(true);
	expect(new Set(items.map((i) => i.entry_id)).size).toBe(3);
	expect(JSON.stringify(items)).not.toContain(secret);

	// No documented way to clear a CallbackConf: callbacks are off again, and the secret is gone from the config.
	expect(await hook('delete')).toBe(true);
	const after = await queue(queueId);
	expect({ ...after, CallbackConf: undefined }).toEqual({ ...before, CallbackConf: undefined });
	expect(after.CallbackConf).toEqual({ Method: 'HTTP', Endpoint: receiver.webhookUrl, DataFormat: 'JSON', Type: 'entry', Args: '' });
	expect(JSON.stringify(after)).not.toContain(secret);
	expect(receiver.state.staticData.registration).toBeUndefined();
});

test('Queue picker: the trigger lists the queues of its credential, as the action node does', async () => {
	const queueId = String((await call('CreateImageAIProcessQueue', { body: { Name: 'picked-by-trigger', Attribute: 'ai_super_resolution', IsStart: true } })).QueueId);
	const loader = await loadPackage();
	const nodeType = loader.nodeTypes[VEIMAGEX_TRIGGER].type as INodeType;
	const node = {
		id: 't',
		name: 'Trigger',
		type: await fullType(VEIMAGEX_TRIGGER),
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
		credentials: { volcengineImageXApi: { id: 'volcengineImageXApi', name: 'volcengineImageXApi' } },
	};
	const { workflow, additionalData } = await createEngine({
		nodes: [node],
		connections: {},
		credentials: { volcengineImageXApi: { ...sb.credentials.volcengine } },
		mode: 'manual',
	});
	const context = new LoadOptionsContext(workflow, node, additionalData, 'queueId') as unknown as ILoadOptionsFunctions;
	const found = (await nodeType.methods!.listSearch!.searchQueues.call(context, 'picked-by')) as INodeListSearchResult;
	expect(found.results).toEqual([{ name: 'picked-by-trigger (Running, ai_super_resolution)', value: queueId }]);
});

test('a Queue that is not an ID (an expression giving an object) fails activation naming the field, before any request', async () => {
	const before = sb.requests.length;
	parameters = { queueId: { __rl: true, mode: 'id', value: { id: 'x' } } as unknown as string, registerCallback: true };
	await expect(hook('create')).rejects.toThrow(/Queue/);
	expect(sb.requests.length).toBe(before);
});
