import { sleep, type IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { byId, calls, createQueue, run, startVeImageXSandbox, urls, veimagexCalls, taskCreateParams } from './helpers';

let sb: Sandbox;
let queue: string;

beforeAll(async () => {
	sb = await startVeImageXSandbox();
	queue = await createQueue(sb, 'wait-queue', { isStart: true });
});
afterAll(async () => await sb.stop());

/** 250 images, every 10th one forced to fail by the emulator's failure marker. */
const mixedInput = (prefix: string) =>
	urls(250, prefix).map((item, i) => (i % 10 === 3 ? { url: `https://cdn.example.com/batch/sandbox-fail-${prefix}-${i}.png` } : item));

const submit = (extra: IDataObject = {}) => taskCreateParams(queue, extra);

describe('veImageX AI Queue – wait for completion, entries, process', () => {
	test('create + wait returns each item its own entry: parsed output, downloaded file, or ErrCode/ErrMsg', async () => {
		const input = mixedInput('w');
		const detailsBefore = calls(sb, 'GetImageAIDetails').length;
		const { items, error } = await run(
			sb,
			submit({
				waitForCompletion: true,
				pollIntervalSeconds: 0.05,
				waitTimeoutMinutes: 1,
				download: true,
				resultUrl: `${sb.url}/files/veimagex`,
				binaryPropertyName: 'result',
			}),
			input,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(250);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.Image).toBe(input[i].url);
			expect(item.json.TaskStatus).toBe('Done');
			if (i % 10 === 3) {
				expect(item.json).toMatchObject({ Status: 'Fail', ErrCode: '615011' });
				expect(String(item.json.ErrMsg)).not.toBe('');
				expect(item.binary).toBeUndefined();
			} else {
				expect(item.json.Status).toBe('Success');
				const output = item.json.Output as IDataObject;
				expect(String(output.ObjectKey)).toMatch(/^veImageX-store\//);
				expect(String(item.json.ObjectKey)).toBe(`batch/w-${i}.png`);
				expect(item.binary?.result?.mimeType).toBe('image/png');
			}
		});
		// 250 entries at ≤ 100 per page = 3 pages.
		const pages = calls(sb, 'GetImageAIDetails').slice(detailsBefore);
		expect(pages.filter((r) => r.status === 200)).toHaveLength(3);
		expect(pages.map((r) => r.params?.Limit)).toEqual(['100', '100', '100']);
	});

	test('Wait for Completion operation: per-item entry, or the task with all its entries', async () => {
		const paused = await createQueue(sb, 'wait-later', { isStart: false });
		const input = mixedInput('later').slice(0, 40);
		const created = await run(sb, submit({ queueId: byId(paused) }), input);
		expect(created.error).toBeUndefined();
		await run(sb, { resource: 'queue', operation: 'start', queueId: byId(paused) });
		const createdItems = created.items.map((i) => i.json);

		const tasksBefore = calls(sb, 'GetImageAITasks').length;
		const perItem = await run(
			sb,
			{
				resource: 'task',
				operation: 'waitForCompletion',
				queueId: { __rl: true, mode: 'id', value: '={{ $json.QueueId }}' },
				pollIntervalSeconds: 0.05,
				waitTimeoutMinutes: 1,
			},
			createdItems,
		);
		expect(perItem.error).toBeUndefined();
		expect(perItem.items).toHaveLength(40);
		expect(perItem.items.map((i) => i.json.Status)).toEqual(input.map((_, i) => (i % 10 === 3 ? 'Fail' : 'Success')));
		expect(perItem.items[5].json.Image).toBe(input[5].url);
		// 40 items share one task: it is polled as one task, not 40 times per round.
		expect(calls(sb, 'GetImageAITasks').slice(tasksBefore).every((r) => r.params?.TaskId === createdItems[0].TaskId)).toBe(true);

		const whole = await run(
			sb,
			{
				resource: 'task',
				operation: 'waitForCompletion',
				queueId: byId(paused),
				taskId: '={{ $json.TaskId }}',
				resultMode: 'task',
				pollIntervalSeconds: 0.05,
			},
			[createdItems[0]],
		);
		expect(whole.items).toHaveLength(1);
		expect(whole.items[0].json).toMatchObject({ TaskStatus: 'Done', TaskTotal: 40, TaskSuccess: 36, TaskFail: 4 });
		expect(whole.items[0].json.Entries as IDataObject[]).toHaveLength(40);
	});

	test('a wait that runs out of time names the task and keeps the item (continue on fail)', async () => {
		const paused = await createQueue(sb, 'never-started', { isStart: false });
		const created = await run(sb, submit({ queueId: byId(paused) }), urls(2, 'stuck'));
		const pollsBefore = calls(sb, 'GetImageAITasks').length;
		const { items, error } = await run(
			sb,
			{
				resource: 'task',
				operation: 'waitForCompletion',
				queueId: byId(paused),
				pollIntervalSeconds: 0.05,
				waitTimeoutMinutes: 0.01,
			},
			created.items.map((i) => i.json),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(String(items[0].json.error)).toContain(String(created.items[0].json.TaskId));
		expect(String(items[0].json.error)).toMatch(/still Running/);
		// Backoff: 0.6 s at a fixed 50 ms would be 12 polls; growing by half each time it is at most 6.
		const polls = calls(sb, 'GetImageAITasks').length - pollsBefore;
		expect(polls).toBeGreaterThanOrEqual(2);
		expect(polls).toBeLessThanOrEqual(7);
	});

	test('task Get Many: default last-24h window, status filter, limit; an 8-day window is refused before sending', async () => {
		const all = await run(sb, { resource: 'task', operation: 'getAll', queueId: byId(queue), returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items.length).toBeGreaterThanOrEqual(1);
		const window = calls(sb, 'GetImageAITasks').at(-1)!.params!;
		expect(Number(window.EndTime) - Number(window.StartTime)).toBe(24 * 3600);
		const done = await run(sb, {
			resource: 'task',
			operation: 'getAll',
			queueId: byId(queue),
			returnAll: true,
			filters: { status: 'Done' },
		});
		expect(done.items.every((i) => i.json.Status === 'Done')).toBe(true);

		const before = veimagexCalls(sb).length;
		const now = Date.now();
		const tooLong = await run(sb, {
			resource: 'task',
			operation: 'getAll',
			queueId: byId(queue),
			startTime: new Date(now - 8 * 86400_000).toISOString(),
			endTime: new Date(now).toISOString(),
		});
		expect(tooLong.error?.message).toMatch(/^From: the time window is 8\.0 days, veImageX accepts at most 7 days/);
		const entriesTooLong = await run(sb, {
			resource: 'entry',
			operation: 'getAll',
			queueId: byId(queue),
			startTime: new Date(now - 8 * 86400_000).toISOString(),
		});
		expect(entriesTooLong.error?.message).toMatch(/^From: /);
		expect(veimagexCalls(sb).length).toBe(before);
	});

	test('entry Get Many pages by 100, filters by status, honours Limit', async () => {
		const detailsBefore = calls(sb, 'GetImageAIDetails').length;
		const all = await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queue), returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(250);
		expect(calls(sb, 'GetImageAIDetails').length - detailsBefore).toBe(3);
		const failed = await run(sb, {
			resource: 'entry',
			operation: 'getAll',
			queueId: byId(queue),
			returnAll: true,
			filters: { status: ['Fail'] },
		});
		expect(failed.items).toHaveLength(25);
		expect(failed.items.every((i) => i.json.ErrCode === '615011')).toBe(true);
		const limited = await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queue), limit: 30 });
		expect(limited.items).toHaveLength(30);
		expect(calls(sb, 'GetImageAIDetails').at(-1)!.params!.Limit).toBe('30');
		expect(typeof (limited.items.find((i) => i.json.Status === 'Success')!.json.Output as IDataObject).ObjectKey).toBe('string');
	});

	test('entry Delete (one and many) and Resend Callback', async () => {
		const entries = (await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queue), limit: 3 })).items;
		const ids = entries.map((e) => String(e.json.EntryId));
		const one = await run(sb, { resource: 'entry', operation: 'delete', entryIds: ids[0] });
		expect(one.items[0].json).toEqual({ deleted: [ids[0]], count: 1 });
		expect(calls(sb, 'DeleteImageAIProcessDetail').at(-1)!.params).toEqual({ EntryId: ids[0] });
		const many = await run(sb, { resource: 'entry', operation: 'delete', entryIds: `${ids[1]}, ${ids[2]}` });
		expect(many.items[0].json.count).toBe(2);
		expect(calls(sb, 'DeleteImageAIProcessDetail').at(-1)!.params).toEqual({ Entries: [ids[1], ids[2]] });
		const remaining = await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queue), returnAll: true });
		expect(remaining.items).toHaveLength(247);

		// Resend needs a callback target: a task with its own callback URL.
		const withCallback = await run(
			sb,
			submit({
				waitForCompletion: true,
				pollIntervalSeconds: 0.05,
				options: { callbackEndpoint: `${sb.url}/nowhere/callback`, callbackArgs: 'nonce-9' },
			}),
			urls(1, 'cb'),
		);
		const entryId = String(withCallback.items[0].json.EntryId);
		const callbacksBefore = sb.callbacks.length;
		const resent = await run(sb, { resource: 'entry', operation: 'resendCallback', entryId: '={{ $json.EntryId }}' }, [
			{ EntryId: entryId },
		]);
		expect(resent.items[0].json).toEqual({ EntryId: entryId, callbackRequested: true });
		expect(calls(sb, 'CreateImageAIProcessCallback').at(-1)!.params).toEqual({ EntryId: entryId });
		for (let i = 0; i < 200 && sb.callbacks.length === callbacksBefore; i++) await sleep(10);
		expect(sb.callbacks.length).toBeGreaterThan(callbacksBefore);

		const before = veimagexCalls(sb).length;
		const empty = await run(sb, { resource: 'entry', operation: 'delete', entryIds: '={{ $json.none }}' });
		expect(empty.error?.message).toMatch(/^Entry IDs: is empty/);
		expect(veimagexCalls(sb).length).toBe(before);
	});

	test('Process: synchronous AIProcess with Input built from the fields, output parsed and downloaded', async () => {
		const { items, error } = await run(
			sb,
			{
				resource: 'process',
				operation: 'run',
				serviceId: 'svc-1',
				dataType: 'url',
				image: '={{ $json.url }}',
				workflowTemplateId: byId('system_workflow_ai_super_resolution'),
				workflowParameter: '{"Scale": 4}',
				download: true,
				resultUrl: `${sb.url}/files/veimagex/{ObjectKey}`,
			},
			[{ url: 'https://cdn.example.com/one.gif' }],
		);
		expect(error).toBeUndefined();
		const sent = calls(sb, 'AIProcess').at(-1)!.params!;
		expect(JSON.parse(String(sent.WorkflowParameter))).toEqual({
			Scale: 4,
			Input: { ObjectKey: 'https://cdn.example.com/one.gif', DataType: 'url' },
		});
		expect((items[0].json.Output as IDataObject).Format).toBe('gif');
		expect(items[0].binary?.data?.mimeType).toBe('image/gif');

		const failing = await run(sb, {
			resource: 'process',
			operation: 'run',
			serviceId: 'svc-1',
			dataType: 'url',
			image: 'https://cdn.example.com/sandbox-fail.png',
			workflowTemplateId: byId('system_workflow_ai_super_resolution'),
			workflowParameter: '{}',
		});
		expect(failing.error?.message).toMatch(/veImageX error InvalidParameter: 615011/);
		expect(failing.error?.message).toMatch(/RequestId/);
	});
});
