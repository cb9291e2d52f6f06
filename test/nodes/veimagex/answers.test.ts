/**
 * A 2xx answer that is not veImageX's envelope, or lacks the id the action returns, is an ambiguous failure: the
 * item fails with "may have been created" (RequestId, HTTP status), the submit is not repeated, no item carries an
 * empty TaskId, and a run that stops names every task it created.
 */
import type { FaultSpec } from '../../../sandbox/core/faults';
import type { Sandbox } from '../../../sandbox';
import { calls, createQueue, run, startVeImageXSandbox, taskCreateParams, tasksIn, urls } from './helpers';

let sb: Sandbox;

beforeAll(async () => {
	sb = await startVeImageXSandbox();
});
afterAll(async () => await sb.stop());
afterEach(() => sb.setFaults({ veimagex: {} }));

const FAULTS: Array<[string, FaultSpec, RegExp]> = [
	['truncated body', { malformedRate: 1 }, /UnreadableAnswer: CreateImageAITask answered HTTP 200 but the body is not valid JSON .*: the task may have been created/],
	['proxy HTML page with 200', { htmlPageRate: 1 }, /UnreadableAnswer: CreateImageAITask answered HTTP 200 but the body is an HTML\/XML page.*: the task may have been created/],
	['envelope without TaskId', { dropKeysRate: 1, dropKeys: ['TaskId'] }, /IncompleteAnswer: CreateImageAITask answered HTTP 200 but the answer has no TaskId: the task may have been created \(RequestId \w+\)/],
];

describe('veImageX AI Queue – answers that cannot be trusted', () => {
	test.each(FAULTS)('%s: every item fails as "may have been created", the task is not resubmitted, no empty TaskId', async (_name, fault, message) => {
		const queue = await createQueue(sb, `answers-${Object.keys(fault)[0]}`, { isStart: false });
		sb.setFaults({ veimagex: { CreateImageAITask: fault } });
		const before = calls(sb, 'CreateImageAITask').length;

		const stopped = await run(sb, taskCreateParams(queue, { options: { imagesPerTask: 3 } }), urls(6, 'a'));
		expect(stopped.error?.message).toMatch(message);
		expect(stopped.error?.name).toBe('NodeApiError');
		expect(stopped.error?.description).toMatch(/before running these items again/);
		expect(stopped.error?.context).toMatchObject({ httpStatus: 200 });
		// One call, the first part: the run stopped there and the task it may have made is not submitted again.
		expect(calls(sb, 'CreateImageAITask').length - before).toBe(1);
		expect(tasksIn(sb, queue)).toHaveLength(1);

		const cont = await run(sb, taskCreateParams(queue, { options: { imagesPerTask: 3 } }), urls(6, 'b'), { continueOnFail: true });
		expect(cont.error).toBeUndefined();
		expect(cont.items).toHaveLength(6);
		cont.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.TaskId).toBeUndefined();
			expect(String(item.json.error)).toMatch(message);
		});
		// Two parts, one call each: never repeated after an ambiguous answer.
		expect(calls(sb, 'CreateImageAITask').length - before).toBe(3);
		expect(tasksIn(sb, queue)).toHaveLength(3);
	});

	test('opting in to "Retry Submission After Uncertain Failures" repeats such a submit', async () => {
		const queue = await createQueue(sb, 'answers-optin', { isStart: false });
		sb.setFaults({ veimagex: { CreateImageAITask: { htmlPageRate: 1 } } });
		const before = calls(sb, 'CreateImageAITask').length;
		const { error } = await run(sb, taskCreateParams(queue, { options: { retryAmbiguous: true } }), urls(1, 'optin'));
		expect(error?.message).toMatch(/UnreadableAnswer/);
		expect(calls(sb, 'CreateImageAITask').length - before).toBeGreaterThan(1);
	}, 60_000);

	test('a queue created without QueueId in the answer is not reported as created with an empty id', async () => {
		sb.setFaults({ veimagex: { CreateImageAIProcessQueue: { dropKeysRate: 1 } } });
		const { items, error } = await run(sb, { resource: 'queue', operation: 'create', name: 'q-no-id', attribute: 'ai_super_resolution' }, [{}], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.QueueId).toBeUndefined();
		expect(String(items[0].json.error)).toMatch(/IncompleteAnswer: .*has no QueueId: the queue may have been created/);
	});

	test('reads are repeated after an unreadable answer (nothing was changed), and fail clearly when it persists', async () => {
		sb.setFaults({ veimagex: { GetImageAIProcessQueues: { htmlPageRate: 1 } } });
		const before = calls(sb, 'GetImageAIProcessQueues').length;
		const { error } = await run(sb, { resource: 'queue', operation: 'getAll', returnAll: true }, [{}]);
		expect(error?.message).toMatch(/UnreadableAnswer: GetImageAIProcessQueues answered HTTP 200 but the body is an HTML/);
		expect(error?.message).not.toMatch(/may have been/);
		expect(calls(sb, 'GetImageAIProcessQueues').length - before).toBeGreaterThan(1);
	}, 60_000);

	test('a run that stops lists every task it already created (one task per item, the third fails)', async () => {
		const queue = await createQueue(sb, 'answers-partial', { isStart: false });
		const input = urls(3, 'partial').map((entry, index) => ({ ...entry, queue: index === 2 ? 'no-such-queue' : queue }));
		const { error } = await run(sb, taskCreateParams(queue, { mode: 'perItem', queueId: { __rl: true, mode: 'id', value: '={{ $json.queue }}' } }), input);
		expect(error?.message).toMatch(/veImageX error/);
		const created = tasksIn(sb, queue).map((task) => task.TaskId);
		expect(created).toHaveLength(2);
		expect(error?.description).toContain(`already created 2 task(s)`);
		for (const id of created) expect(error?.description).toContain(id);
		expect(error?.context?.createdIds).toEqual(created);
	});
});
