import type { Sandbox } from '../../../sandbox';
import { byId, calls, createQueue, run, seedQueues, startVeImageXSandbox, veimagexCalls } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startVeImageXSandbox({ quotaLimits: { veimagex: { CreateImageAIProcessQueue: null } } });
});
afterAll(async () => await sb.stop());

describe('veImageX AI Queue – queue operations', () => {
	test('create sends Name, Attribute, explicit IsStart=false and a full CallbackConf', async () => {
		const { items, error } = await run(sb, {
			resource: 'queue',
			operation: 'create',
			name: 'create-test',
			attribute: '__custom',
			customAttribute: 'my_attribute',
			isStart: false,
			additionalFields: { description: 'd1', callbackEndpoint: 'https://hooks.example.com/x', callbackArgs: 'nonce-1' },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({ Name: 'create-test', Attribute: 'my_attribute', Status: 'Pending' });
		const sent = calls(sb, 'CreateImageAIProcessQueue').at(-1)!;
		expect(sent.params).toMatchObject({
			Name: 'create-test',
			Attribute: 'my_attribute',
			IsStart: false,
			Desc: 'd1',
			CallbackConf: { Method: 'HTTP', Endpoint: 'https://hooks.example.com/x', DataFormat: 'JSON', Type: 'entry', Args: 'nonce-1' },
		});
	});

	test('get finds a queue beyond the first page; get many pages with Return All and honours Limit and Search', async () => {
		const before = (await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true })).items.length;
		const ids = await seedQueues(sb, Array.from({ length: 205 - before }, (_, i) => `paging-${i}`));
		const pagesBefore = calls(sb, 'GetImageAIProcessQueues').length;
		const all = await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(205);
		expect(new Set(all.items.map((i) => i.json.Id)).size).toBe(205);
		expect(calls(sb, 'GetImageAIProcessQueues').length - pagesBefore).toBe(3);

		const limited = await run(sb, { resource: 'queue', operation: 'getAll', returnAll: false, limit: 7 });
		expect(limited.items).toHaveLength(7);

		const searched = await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true, filters: { search: 'paging-20' } });
		expect(searched.items.map((i) => i.json.Name).sort()).toEqual(
			['paging-20', ...Array.from({ length: 10 }, (_, i) => `paging-20${i}`)].filter((n) => ids.length > Number(n.slice(7))).sort(),
		);

		const last = ids[ids.length - 1];
		const got = await run(sb, { resource: 'queue', operation: 'get', queueId: byId(last) });
		expect(got.error).toBeUndefined();
		expect(got.items[0].json).toMatchObject({ Id: last, Name: `paging-${ids.length - 1}` });
	});

	test('update changes only the fields set, fills Id/Name/Attribute from the queue and sends explicit false', async () => {
		const id = await createQueue(sb, 'update-me', {
			additionalFields: { description: 'keep this', callbackEndpoint: 'https://hooks.example.com/a', callbackArgs: 'args-1' },
		});
		const { error, items } = await run(sb, {
			resource: 'queue',
			operation: 'update',
			queueId: byId(id),
			updateFields: { enableCallback: false, callbackArgs: 'args-2' },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const sent = calls(sb, 'UpdateImageAIProcessQueue').at(-1)!.params!;
		expect(sent).toEqual({
			Id: id,
			Name: 'update-me',
			Attribute: 'ai_super_resolution',
			Desc: 'keep this',
			EnableCallback: false,
			CallbackConf: {
				Method: 'HTTP',
				Endpoint: 'https://hooks.example.com/a',
				DataFormat: 'JSON',
				Type: 'entry',
				Args: 'args-2',
			},
		});
		const after = await run(sb, { resource: 'queue', operation: 'get', queueId: byId(id) });
		expect(after.items[0].json).toMatchObject({ Name: 'update-me', Desc: 'keep this', EnableCallback: false });
		expect((after.items[0].json.CallbackConf as { Args: string }).Args).toBe('args-2');

		await run(sb, { resource: 'queue', operation: 'update', queueId: byId(id), updateFields: { name: 'renamed' } });
		const renamed = await run(sb, { resource: 'queue', operation: 'get', queueId: byId(id) });
		expect(renamed.items[0].json).toMatchObject({ Name: 'renamed', Desc: 'keep this', Attribute: 'ai_super_resolution' });
	});

	test('update adds a callback to a queue without one (Create defaults), and refuses callback fields without a URL before writing', async () => {
		const id = await createQueue(sb, 'no-callback-yet');
		const writesBefore = calls(sb, 'UpdateImageAIProcessQueue').length;
		const refused = await run(sb, { resource: 'queue', operation: 'update', queueId: byId(id), updateFields: { callbackArgs: 'x' } });
		expect(refused.error?.message).toMatch(/^Callback URL: this queue has no callback URL yet/);
		const enableOnly = await run(sb, { resource: 'queue', operation: 'update', queueId: byId(id), updateFields: { enableCallback: true } });
		expect(enableOnly.error?.message).toMatch(/^Callback Enabled: this queue has no callback URL/);
		expect(calls(sb, 'UpdateImageAIProcessQueue').length).toBe(writesBefore);

		const added = await run(sb, {
			resource: 'queue',
			operation: 'update',
			queueId: byId(id),
			updateFields: { callbackEndpoint: 'https://hooks.example.com/new', enableCallback: true },
		});
		expect(added.error).toBeUndefined();
		expect(calls(sb, 'UpdateImageAIProcessQueue').at(-1)!.params).toEqual({
			Id: id,
			Name: 'no-callback-yet',
			Attribute: 'ai_super_resolution',
			Desc: '',
			EnableCallback: true,
			CallbackConf: { Method: 'HTTP', DataFormat: 'JSON', Type: 'entry', Endpoint: 'https://hooks.example.com/new' },
		});

		// Renaming a queue without a callback sends no (empty) CallbackConf.
		const other = await createQueue(sb, 'plain');
		const renamed = await run(sb, { resource: 'queue', operation: 'update', queueId: byId(other), updateFields: { name: 'plain-2' } });
		expect(renamed.error).toBeUndefined();
		expect(calls(sb, 'UpdateImageAIProcessQueue').at(-1)!.params).toEqual({ Id: other, Name: 'plain-2', Attribute: 'ai_super_resolution', Desc: '', EnableCallback: false });
	});

	test('start and pause set Running / Pending with Id; delete sends QueueId', async () => {
		const id = await createQueue(sb, 'status-me', { isStart: false });
		await run(sb, { resource: 'queue', operation: 'start', queueId: byId(id) });
		expect(calls(sb, 'UpdateImageAIProcessQueueStatus').at(-1)!.params).toEqual({ Id: id, Status: 'Running' });
		expect((await run(sb, { resource: 'queue', operation: 'get', queueId: byId(id) })).items[0].json.Status).toBe('Running');
		await run(sb, { resource: 'queue', operation: 'pause', queueId: byId(id) });
		expect(calls(sb, 'UpdateImageAIProcessQueueStatus').at(-1)!.params).toEqual({ Id: id, Status: 'Pending' });

		const deleted = await run(sb, { resource: 'queue', operation: 'delete', queueId: byId(id) });
		expect(deleted.items[0].json).toEqual({ QueueId: id, deleted: true });
		expect(calls(sb, 'DeleteImageAIProcessQueue').at(-1)!.params).toEqual({ QueueId: id });
		const missing = await run(sb, { resource: 'queue', operation: 'get', queueId: byId(id) });
		expect(missing.error?.message).toMatch(/no queue with ID/);
	});

	test('provider errors become NodeApiError with code, RequestId and hint; continueOnFail yields one error item', async () => {
		const bad = await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true }, undefined, {
			credentials: { secretAccessKey: 'wrong-secret-value' },
		});
		expect(bad.error?.message).toMatch(/SignatureDoesNotMatch/);
		expect(bad.error?.message).toMatch(/RequestId/);
		expect(bad.error?.description).toMatch(/Secret Access Key/);
		expect(JSON.stringify(bad.error)).not.toContain('wrong-secret-value');

		const soft = await run(
			sb,
			{ resource: 'queue', operation: 'delete', queueId: byId('does-not-exist') },
			[{ a: 1 }, { a: 2 }],
			{ continueOnFail: true },
		);
		expect(soft.items).toHaveLength(2);
		expect(soft.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(String(soft.items[0].json.error)).toMatch(/veImageX error/);
	});

	test('bad input is refused before any request', async () => {
		const before = veimagexCalls(sb).length;
		const noName = await run(sb, { resource: 'queue', operation: 'create', name: '  ', attribute: 'bgfill' });
		expect(noName.error?.message).toMatch(/^Name: /);
		const badCallback = await run(sb, {
			resource: 'queue',
			operation: 'update',
			queueId: byId('x'),
			updateFields: { callbackEndpoint: 'ftp://nope' },
		});
		expect(badCallback.error?.message).toMatch(/^Callback URL: /);
		expect(veimagexCalls(sb).length).toBe(before);
	});
});
