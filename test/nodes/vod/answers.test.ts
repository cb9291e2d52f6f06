/**
 * A 2xx VOD answer that is not VOD's JSON (truncated, an HTML page) or has no JobId is an ambiguous failure: the
 * item fails with "the job may have been created", the submit is not repeated, no item carries an empty or
 * `undefined` JobId, and nothing polls a job that has no id.
 */
import type { FaultSpec } from '../../../sandbox/core/faults';
import type { Sandbox } from '../../../sandbox';
import { calls, defaultTemplateId, runVod, startVodSandbox, submitParams, videos } from './vodTestKit';

let sb: Sandbox;
let templateId: string;

beforeAll(async () => {
	sb = await startVodSandbox();
	templateId = await defaultTemplateId(sb);
});
afterAll(async () => await sb.stop());
afterEach(() => sb.setFaults({ vod: {} }));

const FAULTS: Array<[string, FaultSpec, RegExp]> = [
	['truncated body', { malformedRate: 1 }, /UnreadableAnswer: SubmitAIImageJob answered HTTP 200 but the body is not valid JSON .*: the job may have been created/],
	['proxy HTML page with 200', { htmlPageRate: 1 }, /UnreadableAnswer: SubmitAIImageJob answered HTTP 200 but the body is an HTML\/XML page.*: the job may have been created/],
	['answer without JobId', { dropKeysRate: 1, dropKeys: ['JobId'] }, /IncompleteAnswer: SubmitAIImageJob answered HTTP 200 but the answer has no JobId: the job may have been created \(RequestId \w+\)/],
];

describe('Job > Submit – answers that cannot be trusted', () => {
	test.each(FAULTS)('%s: each item fails as "may have been created", never resubmitted, never polled', async (_name, fault, message) => {
		sb.setFaults({ vod: { SubmitAIImageJob: fault } });
		const submitsBefore = calls(sb, 'SubmitAIImageJob').length;
		const pollsBefore = calls(sb, 'GetAIImageJobs').length;
		const parameters = submitParams(templateId, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05, timeoutSeconds: 5 } });

		const cont = await runVod(sb, parameters, videos(4), { continueOnFail: true });
		expect(cont.error).toBeUndefined();
		expect(cont.items).toHaveLength(4);
		cont.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.JobId).toBeUndefined();
			expect(String(item.json.error)).toMatch(message);
		});
		expect(calls(sb, 'SubmitAIImageJob').length - submitsBefore).toBe(4);
		// No job called "undefined" (or anything else) is polled.
		expect(calls(sb, 'GetAIImageJobs').length - pollsBefore).toBe(0);

		const stopped = await runVod(sb, parameters, videos(1));
		expect(stopped.error?.name).toBe('NodeApiError');
		expect(stopped.error?.message).toMatch(message);
		expect(stopped.error?.description).toMatch(/before running these items again/);
		expect(calls(sb, 'SubmitAIImageJob').length - submitsBefore).toBe(5);
	});

	test('Submit + Wait without Continue On Fail: a failing item stops the run, which names every job it created', async () => {
		const input = [...videos(3), { videoId: 'no.such.video' }];
		const { error } = await runVod(sb, submitParams(templateId, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05 } }), input);
		expect(error?.message).toMatch(/InvalidVideo\.NotFound/);
		const created = calls(sb, 'SubmitAIImageJob').filter((entry) => entry.status === 200 && ['video000', 'video001', 'video002'].includes(String(entry.params?.VideoId)));
		expect(created.length).toBeGreaterThanOrEqual(3);
		expect(error?.description).toMatch(/already created 3 job\(s\)/);
		expect((error?.context?.createdIds as string[]).map((id) => id.replace(/: .*/, ''))).toEqual(['item 0', 'item 1', 'item 2']);
	});

	test('a template created without TemplateId in the answer is an error item, not an empty id', async () => {
		sb.setFaults({ vod: { AddAITemplate: { dropKeysRate: 1 } } });
		const { items } = await runVod(sb, { resource: 'template', operation: 'create', templateName: 'no-id', templateType: 'AIImage' }, [{}], { continueOnFail: true });
		expect(items[0].json.TemplateId).toBeUndefined();
		expect(String(items[0].json.error)).toMatch(/IncompleteAnswer: AddAITemplate .*has no TemplateId: the template may have been created/);
	});
});
