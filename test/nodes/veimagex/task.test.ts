import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { calls, createQueue, run, startVeImageXSandbox, tasksIn, urls, veimagexCalls, taskCreateParams } from './helpers';

let sb: Sandbox;
let pausedQueue: string;

beforeAll(async () => {
	sb = await startVeImageXSandbox();
	pausedQueue = await createQueue(sb, 'batch-paused', { isStart: false });
});
afterAll(async () => await sb.stop());

const submit = (queueId: string, extra: IDataObject = {}) =>
	taskCreateParams(queueId, { dataType: 'url', imageSource: 'field', workflowParameter: '{"Scale": 2}', workflowTemplateId: { __rl: true, mode: 'list', value: 'system_workflow_ai_super_resolution' }, ...extra });

const accepted = (action: string) => calls(sb, action).filter((r) => r.status === 200);

describe('veImageX AI Queue – task create', () => {
	test('25 000 items are packed into 3 tasks with 3 calls; every item gets its own TaskId', async () => {
		const bigQueue = await createQueue(sb, 'big', { isStart: false });
		const before = calls(sb, 'CreateImageAITask').length;
		const input = urls(25_000, 'big');
		const { items, error } = await run(sb, submit(bigQueue), input);
		expect(error).toBeUndefined();
		const made = calls(sb, 'CreateImageAITask').slice(before);
		expect(made.length).toBeLessThanOrEqual(3);
		expect(made.filter((r) => r.status === 200)).toHaveLength(3);
		expect(made.map((r) => r.params!.DataList)).toEqual(['[10000 items]', '[10000 items]', '[5000 items]']);
		expect(made[0].params).toMatchObject({
			ServiceId: 'svc-1',
			QueueId: bigQueue,
			WorkflowTemplateId: 'system_workflow_ai_super_resolution',
			WorkflowParameter: '{"Scale":2}',
			DataType: 'url',
		});
		expect(items).toHaveLength(25_000);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.Image).toBe(input[i].url);
		});
		const taskIds = [...new Set(items.map((i) => i.json.TaskId))];
		expect(taskIds).toHaveLength(3);
		expect(items[0].json.TaskId).toBe(items[9_999].json.TaskId);
		expect(items[10_000].json.TaskId).not.toBe(items[9_999].json.TaskId);
		// What the cloud holds: exactly these 3 tasks, 25 000 images in all.
		const held = tasksIn(sb, bigQueue);
		expect(held.map((t) => t.TaskId).sort()).toEqual([...taskIds].sort());
		expect(held.reduce((sum, t) => sum + t.Total, 0)).toBe(25_000);
		expect(items.filter((i) => i.json.TaskId === taskIds[2]).every((i) => i.json.ImagesInTask === 5_000)).toBe(true);
	});

	test('expression mode reads the image per item', async () => {
		const { items, error } = await run(sb, submit(pausedQueue, { imageSource: 'expression', image: "={{ 'https://cdn.example.com/' + $json.name }}" }), [{ name: 'x.png' }, { name: 'y.png' }]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.Image)).toEqual(['https://cdn.example.com/x.png', 'https://cdn.example.com/y.png']);
	});

	test('one task per item when chosen, and items with different parameters are never packed together', async () => {
		const before = accepted('CreateImageAITask').length;
		const perItem = await run(sb, submit(pausedQueue, { mode: 'perItem' }), urls(3, 'single'));
		expect(new Set(perItem.items.map((i) => i.json.TaskId)).size).toBe(3);
		const mixed = await run(
			sb,
			submit(pausedQueue, { workflowParameter: '={{ JSON.stringify({ Scale: $json.scale }) }}' }),
			[
				{ url: 'https://cdn.example.com/a.png', scale: 2 },
				{ url: 'https://cdn.example.com/b.png', scale: 4 },
				{ url: 'https://cdn.example.com/c.png', scale: 2 },
			],
		);
		expect(mixed.items.map((i) => i.json.TaskId)[0]).toBe(mixed.items[2].json.TaskId);
		expect(mixed.items[1].json.TaskId).not.toBe(mixed.items[0].json.TaskId);
		expect(accepted('CreateImageAITask').length - before).toBe(5);
	});

	test('bad input: bad JSON, missing URL, non-URL → field-named errors and no request sent', async () => {
		const before = veimagexCalls(sb).length;
		const badJson = await run(sb, submit(pausedQueue, { workflowParameter: '{"Scale": 2,}' }), urls(2));
		expect(badJson.error?.message).toMatch(/^Workflow Parameters \(JSON\): is not valid JSON/);
		const withInput = await run(sb, submit(pausedQueue, { workflowParameter: '{"Input": {}}' }), urls(1));
		expect(withInput.error?.message).toMatch(/^Workflow Parameters \(JSON\): must not contain "Input"/);
		expect(withInput.error?.description).toMatch(/^Remove the "Input" key/);
		const missing = await run(sb, submit(pausedQueue), [...urls(3), { other: 'x' }]);
		expect(missing.error?.message).toMatch(/^Image Field: this item has no value in field "url"/);
		const missingExpr = await run(sb, submit(pausedQueue, { imageSource: 'expression', image: '={{ $json.src }}' }), urls(2));
		expect(missingExpr.error?.message).toMatch(/^Image URL or URI: is empty \(item 0\)/);
		const notUrl = await run(sb, submit(pausedQueue), [{ url: 'cdn/no-scheme.png' }]);
		expect(notUrl.error?.message).toMatch(/^Image URL or URI: .* is not an http\(s\) URL/);
		const noService = await run(sb, submit(pausedQueue, { serviceId: '={{ $json.service }}' }), urls(1));
		expect(noService.error?.message).toMatch(/^Service: no service selected/);
		expect(veimagexCalls(sb).length).toBe(before);
	});

	test('continue on fail: the bad item becomes an error item, the others are still submitted', async () => {
		const { items, error } = await run(sb, submit(pausedQueue), [...urls(2, 'cof'), { nothing: true }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[2].json.error).toMatch(/^Image Field/);
		expect(items[0].json.TaskId).toBe(items[1].json.TaskId);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('task APIs with a non cn-north-1 credential fail before any request', async () => {
		const before = veimagexCalls(sb).length;
		const { error } = await run(sb, submit(pausedQueue), urls(2), { credentials: { region: 'ap-southeast-1' } });
		expect(error?.message).toMatch(/only available in region cn-north-1/);
		expect(veimagexCalls(sb).length).toBe(before);
	});
});
