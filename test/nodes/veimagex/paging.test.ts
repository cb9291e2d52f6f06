import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INodeListSearchResult, INodeType } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { MANUAL_TRIGGER_TYPE } from '../../harness';
import { createEngine, fullType } from '../../harness/context';
import { loadPackage } from '../../harness/package-loader';
import { byId, calls, credentialsOf, createQueue, run, seed, seedQueues, startVeImageXSandbox } from './helpers';

let sb: Sandbox;
let queue: string;

beforeAll(async () => {
	// Seeding bypasses the node (raw signed calls) and the gateway quota, so setup takes seconds, not minutes.
	sb = await startVeImageXSandbox({
		quotaLimits: { veimagex: { CreateImageAITask: null, CreateImageAIProcessQueue: null } },
	});
	queue = await createQueue(sb, 'many-tasks', { isStart: false });
	await seed(
		sb,
		'CreateImageAITask',
		Array.from({ length: 1005 }, (_, i) => ({
			ServiceId: 's',
			QueueId: queue,
			WorkflowTemplateId: 't',
			WorkflowParameter: '{}',
			DataType: 'url',
			DataList: [`https://cdn.example.com/t${i}.png`],
		})),
	);
});
afterAll(async () => await sb.stop());

describe('veImageX AI Queue – list paging and pickers', () => {
	test('task Get Many follows Marker/HasMore across pages (Return All and Limit)', async () => {
		const before = calls(sb, 'GetImageAITasks').length;
		const all = await run(sb, { resource: 'task', operation: 'getAll', queueId: byId(queue), returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(1005);
		expect(new Set(all.items.map((i) => i.json.TaskId)).size).toBe(1005);
		const pages = calls(sb, 'GetImageAITasks').slice(before);
		expect(pages).toHaveLength(2);
		expect(pages[0].params!.Marker).toBeUndefined();
		expect(typeof pages[1].params!.Marker).toBe('string');

		const limited = await run(sb, { resource: 'task', operation: 'getAll', queueId: byId(queue), limit: 1003 });
		expect(limited.items).toHaveLength(1003);
		expect(calls(sb, 'GetImageAITasks').slice(-2).map((r) => r.params!.Limit)).toEqual(['1000', '3']);
	});

	test('queue picker lists queues page by page with a pagination token and searches by name', async () => {
		await seedQueues(sb, Array.from({ length: 120 }, (_, i) => `picker-${i}`));
		const loader = await loadPackage();
		const nodeType = loader.nodeTypes.veImageXAiQueue.type as INodeType;
		const node = {
			id: 'n',
			name: 'veImageX',
			type: await fullType('veImageXAiQueue'),
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
			credentials: { volcengineImageXApi: { id: 'volcengineImageXApi', name: 'volcengineImageXApi' } },
		};
		const start = { id: 's', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const { workflow, additionalData } = await createEngine({
			nodes: [start, node],
			connections: {},
			credentials: credentialsOf(sb),
			mode: 'manual',
		});
		const context = new LoadOptionsContext(workflow, node, additionalData, 'queueId') as unknown as ILoadOptionsFunctions;
		const search = nodeType.methods!.listSearch!.searchQueues;
		const first = (await search.call(context)) as INodeListSearchResult;
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = (await search.call(context, undefined, first.paginationToken)) as INodeListSearchResult;
		expect(second.results.length).toBe(22);
		expect(second.paginationToken).toBeUndefined();
		const ids = new Set([...first.results, ...second.results].map((r) => r.value));
		expect(ids.size).toBe(122);
		expect(ids.has(queue)).toBe(true);
		const found = (await search.call(context, 'picker-11')) as INodeListSearchResult;
		expect(found.results.map((r) => r.name.split(' (')[0]).sort()).toEqual(
			['picker-11', ...Array.from({ length: 10 }, (_, i) => `picker-11${i}`)].sort(),
		);
		const templates = (await nodeType.methods!.listSearch!.searchWorkflowTemplates.call(context, 'super')) as INodeListSearchResult;
		expect(templates.results.map((r) => r.value)).toEqual(['system_workflow_ai_super_resolution']);
	});
});
