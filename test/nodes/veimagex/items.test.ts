/**
 * Item contract of every kind of operation: one output item per input item (or one error item with Continue On
 * Fail), pairedItem always; secrets never in items or errors; node-level settings refused before any request.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { byId, calls, createQueue, run, startVeImageXSandbox, taskCreateParams, urls, veimagexCalls } from './helpers';

let sb: Sandbox;
let queue: string;

beforeAll(async () => {
	sb = await startVeImageXSandbox({ quotaLimits: { veimagex: { CreateImageAIProcessQueue: null } } });
	queue = await createQueue(sb, 'items-queue', { isStart: false });
});
afterAll(async () => await sb.stop());

const paired = (items: Array<{ pairedItem?: unknown }>) => items.map((item) => item.pairedItem);

const STS = {
	accessKeyId: 'AKTPsandboxsts',
	secretAccessKey: 'sandbox-demo-sts-secret-volcengine',
	sessionToken: 'sandbox-demo-sts-token-volcengine',
};

describe('veImageX AI Queue – items, pairing, secrets', () => {
	test('Queue Create accepts all six listed Attribute values', async () => {
		const attributes = ['ai_super_resolution', 'bgfill', 'super_resolution', 'InfiniteCreations', 'image_translate', 'image_quality_evaluate'];
		const { items, error } = await run(
			sb,
			{ resource: 'queue', operation: 'create', name: '={{ "attr-" + $json.attribute }}', attribute: '={{ $json.attribute }}', isStart: true },
			attributes.map((attribute) => ({ attribute })),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.Attribute)).toEqual(attributes);
		expect(paired(items)).toEqual(attributes.map((_, i) => ({ item: i })));
		expect(calls(sb, 'CreateImageAIProcessQueue').slice(-6).map((r) => (r.params as IDataObject).Attribute)).toEqual(attributes);
		expect(calls(sb, 'CreateImageAIProcessQueue').slice(-6).map((r) => (r.params as IDataObject).IsStart)).toEqual(attributes.map(() => true));
	});

	test('a list op (Queue Get) with one unknown ID among good ones: good, error, good — all paired', async () => {
		const { items, error } = await run(
			sb,
			{ resource: 'queue', operation: 'get', queueId: byId('={{ $json.id }}') },
			[{ id: queue }, { id: 'no-such-queue' }, { id: queue }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(paired(items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.Id).toBe(queue);
		expect(String(items[1].json.error)).toMatch(/no queue with ID "no-such-queue"/);
		expect(items[2].json.Id).toBe(queue);
	});

	test('a list op (Task Get Many) with one 8-day window among good ones: that item errors, nothing sent for it', async () => {
		const submitted = await run(sb, taskCreateParams(queue), urls(1, 'listed'));
		const taskId = submitted.items[0].json.TaskId;
		const before = calls(sb, 'GetImageAITasks').length;
		const now = Date.now();
		const { items, error } = await run(
			sb,
			{
				resource: 'task',
				operation: 'getAll',
				queueId: byId(queue),
				startTime: '={{ $json.from }}',
				endTime: new Date(now + 60_000).toISOString(),
				returnAll: true,
			},
			[{ from: new Date(now - 3600_000).toISOString() }, { from: new Date(now - 8 * 86400_000).toISOString() }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(paired(items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.TaskId).toBe(taskId);
		expect(String(items[1].json.error)).toMatch(/^From: .*7 days/);
		expect(calls(sb, 'GetImageAITasks').length - before).toBe(1);
	});

	test('a write op (Queue Start) with one unknown ID among good ones: only that item fails', async () => {
		const { items, error } = await run(
			sb,
			{ resource: 'queue', operation: 'start', queueId: byId('={{ $json.id }}') },
			[{ id: queue }, { id: 'no-such-queue' }, { id: queue }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(paired(items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toEqual({ QueueId: queue, Status: 'Running' });
		expect(String(items[1].json.error)).toMatch(/veImageX error ResourceNotFound/);
		expect(items[2].json).toEqual({ QueueId: queue, Status: 'Running' });
		await run(sb, { resource: 'queue', operation: 'pause', queueId: byId(queue) });
	});

	test('an invalid wait setting on Task Create: every item gets an error item (continue on fail), nothing is submitted', async () => {
		const before = veimagexCalls(sb).length;
		const params = taskCreateParams(queue, { waitForCompletion: true, waitTimeoutMinutes: 0 });
		const soft = await run(sb, params, urls(3, 'bad-wait'), { continueOnFail: true });
		expect(soft.error).toBeUndefined();
		expect(paired(soft.items)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of soft.items) expect(String(item.json.error)).toMatch(/^Wait Timeout \(Minutes\): /);
		const hard = await run(sb, params, urls(3, 'bad-wait'));
		expect(hard.error?.message).toMatch(/^Wait Timeout \(Minutes\): /);
		const badDownload = await run(sb, taskCreateParams(queue, { waitForCompletion: true, download: true, resultUrl: 'images.example.com' }), urls(2, 'bad-dl'), { continueOnFail: true });
		expect(badDownload.items.map((i) => String(i.json.error))).toEqual([expect.stringMatching(/^Result Domain or URL Template: /), expect.stringMatching(/^Result Domain or URL Template: /)]);
		const badWaitOp = await run(sb, { resource: 'task', operation: 'waitForCompletion', queueId: byId(queue), taskId: 't1', image: 'https://x/y.png', pollIntervalSeconds: 0 }, [{}, {}], { continueOnFail: true });
		expect(paired(badWaitOp.items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(String(badWaitOp.items[1].json.error)).toMatch(/^First Poll Interval \(Seconds\): /);
		expect(veimagexCalls(sb).length).toBe(before);
	});

	test('a per-task callback is sent as CallbackConf; callback options without a URL are refused before sending', async () => {
		const before = calls(sb, 'CreateImageAITask').length;
		const refused = await run(sb, taskCreateParams(queue, { options: { callbackType: 'task' } }), urls(2, 'cb-missing'));
		expect(refused.error?.message).toMatch(/^Task Callback URL: /);
		expect(calls(sb, 'CreateImageAITask').length).toBe(before);

		const { items, error } = await run(
			sb,
			taskCreateParams(queue, { options: { callbackEndpoint: 'https://hooks.example.com/t', callbackType: 'task', callbackArgs: 'n-1' } }),
			urls(2, 'cb'),
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(calls(sb, 'CreateImageAITask').at(-1)!.params).toMatchObject({
			CallbackConf: { Method: 'HTTP', Endpoint: 'https://hooks.example.com/t', DataFormat: 'JSON', Type: 'task', Args: 'n-1' },
		});
	});

	test('Image Reference Type URI: storage URIs (no scheme) are accepted and sent with DataType uri', async () => {
		const { items, error } = await run(sb, taskCreateParams(queue, { dataType: 'uri', imageField: 'key' }), [{ key: 'folder/a.png' }, { key: 'folder/b.png' }]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.Image)).toEqual(['folder/a.png', 'folder/b.png']);
		expect(calls(sb, 'CreateImageAITask').at(-1)!.params).toMatchObject({ DataType: 'uri', DataList: ['folder/a.png', 'folder/b.png'] });
	});

	test('bad input in every other operation: a field-named error with its fix, and no request sent', async () => {
		// Empty values come from expressions over the item, as they would in a workflow (n8n refuses literal empties).
		const before = veimagexCalls(sb).length;
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ resource: 'entry', operation: 'delete', entryIds: ' , ' }, /^Entry IDs: is empty/],
			[{ resource: 'entry', operation: 'resendCallback', entryId: '={{ $json.EntryId }}' }, /^Entry ID: is empty/],
			[{ resource: 'entry', operation: 'getAll', queueId: byId(queue), startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-09T00:00:00Z' }, /^From: .*7 days/],
			[{ resource: 'task', operation: 'getAll', queueId: byId(queue), startTime: '2026-01-02T00:00:00Z', endTime: '2026-01-01T00:00:00Z' }, /^From: is not before "To"/],
			[{ resource: 'task', operation: 'waitForCompletion', queueId: byId(queue), taskId: 't', image: '={{ $json.Image }}' }, /^Image URL or URI: is empty/],
			[{ resource: 'queue', operation: 'get', queueId: byId('={{ $json.QueueId }}') }, /^Queue: no queue selected/],
			[{ resource: 'queue', operation: 'getAll', returnAll: false, limit: 0 }, /^Limit: 0 is out of range \(item 0\)/],
			[{ resource: 'queue', operation: 'update', queueId: byId(queue), updateFields: {} }, /^Update Fields: nothing to update/],
			[{ resource: 'process', operation: 'run', serviceId: 's', image: 'not-a-url', workflowTemplateId: byId('system_workflow_ai_super_resolution') }, /^Image URL or URI: .* is not an http\(s\) URL/],
			[{ resource: 'process', operation: 'run', serviceId: 's', image: 'https://x/y.png', workflowTemplateId: byId('system_workflow_ai_super_resolution'), workflowParameter: '[1]' }, /^Workflow Parameters \(JSON\): must be a JSON object/],
		];
		for (const [parameters, message] of cases) {
			const { error } = await run(sb, parameters as never, [{}]);
			expect(error?.message).toMatch(message);
			expect(String(error?.description ?? '')).not.toBe('');
		}
		expect(veimagexCalls(sb).length).toBe(before);
	});

	test('a wrong STS secret: NodeApiError with Code, CodeN, RequestId and hint; neither secret nor token in any output', async () => {
		const wrong = { ...STS, secretAccessKey: 'wrong-sts-secret-0123456789' };
		const hard = await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true }, undefined, { credentials: wrong });
		expect(hard.error?.message).toMatch(/^veImageX error SignatureDoesNotMatch: .* \(RequestId \S+\)$/);
		const context = (hard.error as unknown as { context?: IDataObject }).context ?? {};
		expect(context).toMatchObject({ code: 'SignatureDoesNotMatch', codeN: 100010 });
		expect(String(context.requestId)).not.toBe('');
		expect(hard.error?.description).toMatch(/Secret Access Key/);

		const soft = await run(sb, { resource: 'task', operation: 'create', ...taskCreateParams(queue) }, urls(2, 'sts'), {
			credentials: wrong,
			continueOnFail: true,
		});
		expect(paired(soft.items)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(String(soft.items[0].json.error)).toMatch(/SignatureDoesNotMatch/);
		for (const text of [JSON.stringify(hard.error), JSON.stringify(hard.error?.stack), JSON.stringify(soft.items), JSON.stringify(soft.items.map((i) => i.error))]) {
			expect(text).not.toContain(wrong.secretAccessKey);
			expect(text).not.toContain(STS.sessionToken);
		}
	});

	test('a transport failure (connection reset on a write) leaks neither secret nor token into the error item', async () => {
		sb.setFaults({ veimagex: { CreateImageAIProcessQueue: { resetRate: 1 } } });
		try {
			const soft = await run(sb, { resource: 'queue', operation: 'create', name: 'reset', attribute: 'bgfill' }, [{}], {
				credentials: STS,
				continueOnFail: true,
			});
			expect(soft.items).toHaveLength(1);
			expect(soft.items[0].pairedItem).toEqual({ item: 0 });
			const text = JSON.stringify(soft.items) + JSON.stringify(soft.items[0].error) + String(soft.items[0].error?.stack);
			expect(text).not.toContain(STS.secretAccessKey);
			expect(text).not.toContain(STS.sessionToken);
		} finally {
			sb.clearFaults();
		}
	});
});
