/**
 * Bad values arriving through expressions (objects, lists, booleans, NaN, "abc", IDs with `&?#/`, CR/LF, 20 000
 * characters) are refused in every operation before any request: a NodeOperationError naming the field, the item
 * and the fix. With Continue On Fail every item gets its error item — never a silent pass-through.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { expectRefusedBeforeSending } from '../../shared/refusals';
import { byId, createQueue, run, startVeImageXSandbox, taskCreateParams, urls, veimagexCalls } from './helpers';

let sb: Sandbox;
let queue: string;

beforeAll(async () => {
	sb = await startVeImageXSandbox();
	queue = await createQueue(sb, 'inputs', { isStart: false });
});
afterAll(async () => await sb.stop());

const expr = '={{ $json.v }}';
const LONG = 'x'.repeat(20_000);
const template = byId('system_workflow_ai_super_resolution');

/** [what, parameters (bad values via `$json.v`), the value, expected message] */
type Case = [string, () => INodeParameters, unknown, RegExp];

const cases: Case[] = [
	['task create: Images per Task "abc"', () => taskCreateParams(queue, { options: { imagesPerTask: expr } }), 'abc', /^Images per Task: "abc" is not a number \(item 0\)/],
	['task create: Images per Task NaN', () => taskCreateParams(queue, { options: { imagesPerTask: '={{ NaN }}' } }), 0, /^Images per Task: NaN is not a number/],
	['task create: Images per Task 0', () => taskCreateParams(queue, { options: { imagesPerTask: expr } }), 0, /^Images per Task: 0 is out of range/],
	['task create: image URL with CR/LF', () => taskCreateParams(queue, { imageSource: 'expression', image: expr }), 'https://cdn.example.com/a.png\r\nX: 1', /^Image URL or URI: .*control character/],
	['task create: image from an object', () => taskCreateParams(queue, { imageSource: 'expression', image: expr }), { url: 'https://a' }, /^Image URL or URI: expected text but the value is an object/],
	['task create: Queue from a list', () => taskCreateParams(queue, { queueId: { __rl: true, mode: 'id', value: expr } }), ['q1', 'q2'], /^Queue: expected text but the value is a list/],
	['task create: Queue with &Action=', () => taskCreateParams(queue, { queueId: { __rl: true, mode: 'id', value: expr } }), 'q1&Action=DeleteImageAIProcessQueue', /^Queue: .* contains "&"/],
	['task create: Service true', () => taskCreateParams(queue, { serviceId: expr }), true, /^Service: expected text but the value is the boolean true/],
	['task create: task callback URL with TAB', () => taskCreateParams(queue, { options: { callbackEndpoint: expr } }), 'https://hook.example.com/\tx', /^Task Callback URL: .*control character/],
	['task create: Submit As from an expression', () => taskCreateParams(queue, { mode: expr }), 'fast', /^Submit As: "fast" is not one of the choices/],
	['task create: Image Reference Type', () => taskCreateParams(queue, { dataType: expr }), { a: 1 }, /^Image Reference Type: an object is not one of the choices/],
	['task create: retry switch "yes"', () => taskCreateParams(queue, { options: { retryAmbiguous: expr } }), 'yes', /^Retry Submission After Uncertain Failures: expected true or false/],
	['task getAll: Status filter list', () => ({ resource: 'task', operation: 'getAll', queueId: byId(queue), filters: { status: expr } }), ['Running', 'Done'], /^Status: a list is not one of the choices/],
	['task getAll: Task ID with #', () => ({ resource: 'task', operation: 'getAll', queueId: byId(queue), filters: { taskId: expr } }), 'a#b', /^Task ID: .* contains "#"/],
	['task getAll: Limit "ten"', () => ({ resource: 'task', operation: 'getAll', queueId: byId(queue), returnAll: false, limit: expr }), 'ten', /^Limit: "ten" is not a number/],
	['entry delete: Entry IDs of objects', () => ({ resource: 'entry', operation: 'delete', entryIds: expr }), [{ EntryId: 'e1' }], /^Entry IDs: expected text but the value is an object/],
	['entry delete: Entry ID with ?', () => ({ resource: 'entry', operation: 'delete', entryIds: expr }), 'e1?x=1', /^Entry IDs: .* contains "\?"/],
	['entry delete: 20 000 characters', () => ({ resource: 'entry', operation: 'delete', entryIds: expr }), LONG, /^Entry IDs: is 20000 characters long, an ID has at most 128/],
	['entry getAll: Status filter', () => ({ resource: 'entry', operation: 'getAll', queueId: byId(queue), filters: { status: expr } }), ['Success', 'Nope'], /^Status: "Nope" is not one of the choices/],
	['entry getAll: Search object', () => ({ resource: 'entry', operation: 'getAll', queueId: byId(queue), filters: { search: expr } }), { a: 1 }, /^Search: expected text but the value is an object/],
	['entry resendCallback: Entry ID with /', () => ({ resource: 'entry', operation: 'resendCallback', entryId: expr }), '../e1', /^Entry ID: .* contains "\/"/],
	['entry resendCallback: Entry ID with LF', () => ({ resource: 'entry', operation: 'resendCallback', entryId: expr }), 'e1\nx', /^Entry ID: .*control character/],
	['queue create: Name object', () => ({ resource: 'queue', operation: 'create', name: expr, attribute: 'ai_super_resolution' }), { a: 1 }, /^Name: expected text but the value is an object/],
	['queue create: Start Immediately "maybe"', () => ({ resource: 'queue', operation: 'create', name: 'n', attribute: 'ai_super_resolution', isStart: expr }), 'maybe', /^Start Immediately: expected true or false/],
	['queue create: Callback URL with CR/LF', () => ({ resource: 'queue', operation: 'create', name: 'n', attribute: 'ai_super_resolution', additionalFields: { callbackEndpoint: expr } }), 'https://h.example.com/\r\nx', /^Callback URL: .*control character/],
	['queue create: Callback Per list', () => ({ resource: 'queue', operation: 'create', name: 'n', attribute: 'ai_super_resolution', additionalFields: { callbackEndpoint: 'https://h.example.com/', callbackType: expr } }), ['entry'], /^Callback Per: a list is not one of the choices/],
	['queue update: Name list', () => ({ resource: 'queue', operation: 'update', queueId: byId(queue), updateFields: { name: expr } }), ['a', 'b'], /^Name: expected text but the value is a list/],
	['queue delete: Queue with space', () => ({ resource: 'queue', operation: 'delete', queueId: { __rl: true, mode: 'id', value: expr } }), 'q 1', /^Queue: .* contains a space/],
	['queue start: Queue object', () => ({ resource: 'queue', operation: 'start', queueId: { __rl: true, mode: 'id', value: expr } }), { id: 'q' }, /^Queue: expected text but the value is an object/],
	['queue getAll: Limit -1', () => ({ resource: 'queue', operation: 'getAll', returnAll: false, limit: expr }), -1, /^Limit: -1 is out of range/],
	['process run: image with CR/LF', () => ({ resource: 'process', operation: 'run', serviceId: 's', workflowTemplateId: template, image: expr }), 'https://a.example.com/x.png\r\nX-Injected: 1', /^Image URL or URI: .*control character/],
	['process run: Workflow Template with &', () => ({ resource: 'process', operation: 'run', serviceId: 's', image: 'https://a.example.com/x.png', workflowTemplateId: { __rl: true, mode: 'id', value: expr } }), 'a&b', /^Workflow Template: .* contains "&"/],
	['task create + wait: Wait Timeout Infinity', () => taskCreateParams(queue, { waitForCompletion: true, waitTimeoutMinutes: '={{ Infinity }}' }), 0, /^Wait Timeout \(Minutes\): Infinity is not a number/],
	['task create + wait: Poll Interval "ten"', () => taskCreateParams(queue, { waitForCompletion: true, pollIntervalSeconds: expr }), 'ten', /^First Poll Interval \(Seconds\): "ten" is not a number/],
	['task wait: Task ID with &Action=', () => ({ resource: 'task', operation: 'waitForCompletion', serviceId: 's', queueId: byId(queue), taskId: expr }), 't1&Action=DeleteImageAIProcessQueue', /^Task ID: .* contains "&"/],
	['task wait: Wait Timeout over 7 days', () => ({ resource: 'task', operation: 'waitForCompletion', serviceId: 's', queueId: byId(queue), taskId: 't1', image: 'https://a.example.com/x.png', waitTimeoutMinutes: expr }), 20_000, /^Wait Timeout \(Minutes\): 20000 is out of range/],
	['download: Result URL with LF', () => ({ resource: 'process', operation: 'run', serviceId: 's', workflowTemplateId: template, image: 'https://a.example.com/x.png', download: true, resultUrl: expr }), 'https://img.example.com/\nx', /^Result Domain or URL Template: .*control character/],
];

describe('veImageX AI Queue – inputs refused before sending', () => {
	test.each(cases)('%s', async (_name, parameters, value, message) => {
		const v = value as IDataObject[string];
		const input: IDataObject[] = [{ v, url: 'https://cdn.example.com/ok.png' }, { v, url: 'https://cdn.example.com/ok2.png' }];
		await expectRefusedBeforeSending({ run: async (continueOnFail) => await run(sb, parameters(), input, { continueOnFail }), requests: () => veimagexCalls(sb).length, message });
	});

	test('good values of the same fields still go through (numbers as text, IDs as numbers, true as text)', async () => {
		const { items, error } = await run(sb, taskCreateParams(queue, { options: { imagesPerTask: '={{ "2" }}', retryAmbiguous: '={{ "false" }}' } }), urls(3, 'okvals'));
		expect(error).toBeUndefined();
		expect(new Set(items.map((item) => item.json.TaskId)).size).toBe(2);
		items.forEach((item) => expect(String(item.json.TaskId)).not.toBe(''));
	});
});
