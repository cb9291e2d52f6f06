import { sleep } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { calls, competingClient, createQueue, run, startVeImageXSandbox, tasksIn, urls, taskCreateParams } from './helpers';

let sb: Sandbox;
let pausedQueue: string;

beforeAll(async () => {
	sb = await startVeImageXSandbox();
	pausedQueue = await createQueue(sb, 'resilience', { isStart: false });
});
afterAll(async () => await sb.stop());

const submit = taskCreateParams;

describe('veImageX AI Queue – retries, throttling, idempotency', () => {
	test('a submit is not repeated after a 5xx or a reset connection, unless the user opts in', async () => {
		for (const fault of [{ http5xxRate: 1 }, { resetRate: 1 }]) {
			sb.setFaults({ veimagex: { CreateImageAITask: fault } });
			const before = calls(sb, 'CreateImageAITask').length;
			const { error } = await run(sb, submit(pausedQueue), urls(5, 'ambiguous'));
			expect(error).toBeDefined();
			expect(calls(sb, 'CreateImageAITask').length - before).toBe(1);
		}
		sb.setFaults({ veimagex: { CreateImageAITask: { http5xxRate: 1 } } });
		const before = calls(sb, 'CreateImageAITask').length;
		const optedIn = await run(sb, submit(pausedQueue, { options: { retryAmbiguous: true } }), urls(1, 'optin'));
		expect(optedIn.error?.message).toMatch(/veImageX error/);
		expect(calls(sb, 'CreateImageAITask').length - before).toBeGreaterThan(1);
		sb.clearFaults();
	});

	test('throttling is absorbed: zero items lost, zero duplicate tasks (competing client eats the 1/s quota)', async () => {
		const queue = await createQueue(sb, 'throttled', { isStart: false });
		const before = calls(sb, 'CreateImageAITask').length;
		const input = urls(400, 'throttle');
		const [{ items, error }, hogCalls] = await Promise.all([
			run(sb, submit(queue, { options: { imagesPerTask: 100 } }), input),
			competingClient(sb, 3000),
		]);
		expect(hogCalls).toBeGreaterThan(10);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(400);
		const made = calls(sb, 'CreateImageAITask').slice(before).filter((r) => r.params?.ServiceId === 'svc-1');
		// Throttled answers really happened and were absorbed.
		expect(made.filter((r) => r.throttled).length).toBeGreaterThan(0);
		expect(made.filter((r) => r.status === 200)).toHaveLength(4);
		const held = tasksIn(sb, queue);
		expect(held).toHaveLength(4);
		expect(held.reduce((sum, t) => sum + t.Total, 0)).toBe(400);
		expect(new Set(items.map((i) => i.json.TaskId))).toEqual(new Set(held.map((t) => t.TaskId)));
		items.forEach((item, i) => expect(item.json.Image).toBe(input[i].url));
	});

	test('reads are retried after 5xx and reset connections and still return everything', async () => {
		// Every read fails (5xx, then reset connections) for a while; the node must outlast it.
		sb.setFaults({ veimagex: { GetImageAIProcessQueues: { http5xxRate: 1 } } });
		const before = calls(sb, 'GetImageAIProcessQueues').length;
		const running = run(sb, { resource: 'queue', operation: 'getAll', returnAll: true });
		await sleep(300);
		sb.setFaults({ veimagex: { GetImageAIProcessQueues: { resetRate: 1 } } });
		await sleep(300);
		sb.clearFaults();
		const { items, error } = await running;
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.Id)).toContain(pausedQueue);
		const made = calls(sb, 'GetImageAIProcessQueues').slice(before);
		expect(made.filter((r) => r.fault).length).toBeGreaterThanOrEqual(2);
		expect(made.filter((r) => r.status === 200)).toHaveLength(1);
	});

	test('reads throttled by a stricter gateway quota are retried until they pass', async () => {
		sb.setQuota({ limits: { veimagex: { GetImageAIProcessQueues: 2 } } });
		const before = calls(sb, 'GetImageAIProcessQueues').length;
		const results = await Promise.all(
			[1, 2, 3].map(async () => await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true })),
		);
		sb.setQuota({ limits: { veimagex: { GetImageAIProcessQueues: 10 } } });
		for (const result of results) expect(result.error).toBeUndefined();
		const made = calls(sb, 'GetImageAIProcessQueues').slice(before);
		expect(made.filter((r) => r.throttled).length).toBeGreaterThan(0);
		expect(made.filter((r) => r.status === 200)).toHaveLength(3);
	});
});
