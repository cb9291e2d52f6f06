/**
 * Bad values arriving through expressions are refused in every operation before any request: a NodeOperationError
 * naming the field, the item and the fix. With Continue On Fail every item gets an error item, never a silent
 * pass-through. (Wait options apply to the whole run and are read at item 0.)
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { expectRefusedBeforeSending } from '../../shared/refusals';
import { defaultTemplateId, runVod, startVodSandbox, submitParams } from './vodTestKit';

let sb: Sandbox;
let templateId: string;

beforeAll(async () => {
	sb = await startVodSandbox();
	templateId = await defaultTemplateId(sb);
});
afterAll(async () => await sb.stop());

const expr = '={{ $json.v }}';
/** A fresh locator each time: n8n may write into the parameters it is given. */
const byExpr = () => ({ __rl: true, mode: 'id', value: expr });
const LONG = 'x'.repeat(20_000);
const vodRequests = () => sb.requests.filter((entry) => entry.provider === 'vod').length;

/** [what, parameters (bad value via `$json.v`), the value, expected message, read once for the whole run] */
type Case = [string, () => INodeParameters, unknown, RegExp, boolean?];

const submitWait = (waitOptions: INodeParameters) => submitParams(templateId, { videoId: 'video1', waitForCompletion: true, waitOptions });
const waitFor = (waitOptions: INodeParameters): INodeParameters => ({ resource: 'job', operation: 'waitForCompletion', jobIds: 'aaaa1111', waitOptions });

const cases: Case[] = [
	['wait: Timeout "ten" (Wait for Completion)', () => waitFor({ timeoutSeconds: expr }), 'ten', /^Timeout \(Seconds\): "ten" is not a number \(item 0\)/, true],
	['wait: Timeout -1 (Submit + Wait)', () => submitWait({ timeoutSeconds: expr }), -1, /^Timeout \(Seconds\): -1 is out of range \(item 0\)/, true],
	['wait: Timeout 0', () => waitFor({ timeoutSeconds: expr }), 0, /^Timeout \(Seconds\): 0 is out of range/, true],
	['wait: Timeout NaN', () => waitFor({ timeoutSeconds: '={{ NaN }}' }), 0, /^Timeout \(Seconds\): NaN is not a number/, true],
	['wait: First Poll After an object', () => waitFor({ pollIntervalSeconds: expr }), { s: 1 }, /^First Poll After \(Seconds\): expected a number but the value is an object/, true],
	['wait: On Timeout "ignore"', () => waitFor({ onTimeout: expr }), 'ignore', /^On Timeout: "ignore" is not one of the choices/, true],
	['submit: Wait for Completion "sometimes"', () => submitParams(templateId, { videoId: 'v1', waitForCompletion: expr }), 'sometimes', /^Wait for Completion: expected true or false/, true],
	['submit: Video ID object', () => submitParams(templateId, { videoId: expr }), { id: 'v1' }, /^Video ID: expected text but the value is an object \(item 0\)/],
	['submit: Video ID list', () => submitParams(templateId, { videoId: expr }), ['v1', 'v2'], /^Video ID: expected text but the value is a list/],
	['submit: Video ID true', () => submitParams(templateId, { videoId: expr }), true, /^Video ID: expected text but the value is the boolean true/],
	['submit: Video ID with &Action=', () => submitParams(templateId, { videoId: expr }), 'v1&Action=DeleteVideo', /^Video ID: .* contains "&"/],
	['submit: Video ID with CR/LF', () => submitParams(templateId, { videoId: expr }), 'v1\r\nX: 1', /^Video ID: .*control character/],
	['submit: Video ID of 20 000 characters', () => submitParams(templateId, { videoId: expr }), LONG, /^Video ID: is 20000 characters long/],
	['submit: AI Template with #', () => submitParams(templateId, { aiTemplateId: byExpr() }), 't1#x', /^AI Template: .* contains "#"/],
	['submit: Callback URL with TAB', () => submitParams(templateId, { additionalFields: { callbackUrl: expr } }), 'https://n8n.example.com/\thook', /^Callback URL: .*control character/],
	['submit: AI Pipeline ID with ?', () => submitParams(templateId, { additionalFields: { aiPipelineId: expr } }), 'p?x', /^AI Pipeline ID: .* contains "\?"/],
	['submit: retry switch "yes"', () => submitParams(templateId, { options: { retryUncertain: expr } }), 'yes', /^Retry After Uncertain Failure: expected true or false/],
	['job get: Job IDs of objects', () => ({ resource: 'job', operation: 'get', jobIds: expr }), [{ JobId: 'a' }], /^Job IDs: expected text but the value is an object/],
	['job get: Job ID with /', () => ({ resource: 'job', operation: 'get', jobIds: expr }), 'abc/def', /^Job IDs: .* contains "\/"/],
	['image getMany: Video ID list', () => ({ resource: 'image', operation: 'getMany', videoId: expr }), ['a'], /^Video ID: expected text but the value is a list/],
	['image delete: IDs true', () => ({ resource: 'image', operation: 'delete', imageInfoIds: expr }), true, /^Image Info IDs: expected text but the value is the boolean true/],
	['template get: Template with space', () => ({ resource: 'template', operation: 'get', templateId: byExpr() }), 't 1', /^Template: .* contains a space/],
	['template create: Template Name object', () => ({ resource: 'template', operation: 'create', templateName: expr, templateType: 'AIImage' }), { n: 1 }, /^Template Name: expected text but the value is an object/],
	['template create: Template Type', () => ({ resource: 'template', operation: 'create', templateName: 'n', templateType: expr }), 'Thumbnail', /^Template Type: "Thumbnail" is not one of the choices/],
	['template create: Format', () => ({ resource: 'template', operation: 'create', templateName: 'n', templateType: 'AIImage', format: expr }), 'jpg', /^Format: "jpg" is not one of the choices/],
	['template update: Template Name with LF', () => ({ resource: 'template', operation: 'update', templateId: { __rl: true, mode: 'id', value: 't1' }, templateName: expr, templateType: 'AIImage' }), 'a\nb', /^Template Name: .*control character/],
	['template getMany: Template Type list', () => ({ resource: 'template', operation: 'getMany', templateType: expr }), ['AIImage'], /^Template Type: a list is not one of the choices/],
	['callback set: URL with CR/LF', () => ({ resource: 'callbackSettings', operation: 'set', callbackUrl: expr, eventTypes: ['AIComplete'] }), 'https://n8n.example.com/x\r\nHost: evil', /^Callback URL: .*control character/],
	['callback set: Event Types', () => ({ resource: 'callbackSettings', operation: 'set', callbackUrl: 'https://n8n.example.com/x', eventTypes: expr }), ['AIComplete', 'Everything'], /^Event Types: "Everything" is not one of the choices/],
	['callback set: Sign Callbacks "on"', () => ({ resource: 'callbackSettings', operation: 'set', callbackUrl: 'https://n8n.example.com/x', eventTypes: ['AIComplete'], authSwitch: expr }), 'on', /^Sign Callbacks: expected true or false/],
	['callback get: App ID with /', () => ({ resource: 'callbackSettings', operation: 'get', appId: expr }), 'app/1', /^App ID: .* contains "\/"/],
];

describe('VOD – inputs refused before sending', () => {
	// Rest parameters: a declared 5th parameter would make jest pass (and wait for) a `done` callback on 4-column rows.
	test.each(cases)('%s', async (...[, parameters, value, message, runWide]: Case) => {
		const v = value as IDataObject[string];
		const input: IDataObject[] = [{ v, videoId: 'video1' }, { v, videoId: 'video2' }];
		await expectRefusedBeforeSending({ run: async (continueOnFail) => await runVod(sb, parameters(), input, { continueOnFail }), requests: vodRequests, message, runWide });
	});

	test('a Timeout given as text that is a number is used (no endless polling either way)', async () => {
		const { items, error } = await runVod(sb, submitParams(templateId, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05, timeoutSeconds: '={{ "30" }}' } }), [{ videoId: 'video7' }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ VideoId: 'video7', state: 'succeeded' });
	});
});
