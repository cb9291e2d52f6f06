/** Issue #13 on the veImageX side: depth, cost before authentication, prototypes, settings, keys, malformed entries. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callWebhook } from '../../harness';
import { officialEntryMessage, taskMessage, toXml, VEIMAGEX_TRIGGER, withLogs } from './helpers';

const SECRET = 'hardened-Secret_0123456789';
const PATH = '/webhook/a1b2c3d4-0000-4000-8000-00000000feed/ai-image-callback';

function params(extra: INodeParameters = {}): INodeParameters {
	return { queueId: '', callbackSecret: SECRET, ...extra };
}

async function deliver(opts: { body: string; contentType?: string; token?: string | null; parameters?: INodeParameters; staticData?: IDataObject; workflowId?: string }) {
	const token = opts.token === undefined ? SECRET : opts.token;
	return await callWebhook({
		type: VEIMAGEX_TRIGGER,
		parameters: opts.parameters ?? params(),
		staticData: opts.staticData,
		workflowId: opts.workflowId,
		request: {
			url: token === null ? PATH : `${PATH}?token=${encodeURIComponent(token)}`,
			headers: { 'content-type': opts.contentType ?? 'application/json' },
			rawBody: opts.body,
			body: {},
		},
	});
}

describe('3. depth limit for JSON (no recursion on attacker-controlled depth)', () => {
	test.each([
		['10 000 nested single-key objects inside entry_info', `{"callback_type":"entry","entry_info":${'{"a":'.repeat(10_000)}{}${'}'.repeat(10_000)}}`],
		['a 200 000-level array in an extra field', `{"callback_type":"entry","entry_info":{"entry_id":"e"},"extra":${'['.repeat(200_000)}${']'.repeat(200_000)}}`],
	])('%s -> 400, no execution', async (_name, body) => {
		const result = await deliver({ body });
		expect([result.response.statusCode, result.workflowData]).toEqual([400, undefined]);
		expect(JSON.stringify(result.response.body)).toMatch(/deeper than 32/);
	});

	test('an ai_result.output nested too deep stays text instead of becoming an unstorable item', async () => {
		const message = officialEntryMessage() as { entry_info: { ai_result: { output: string } } };
		message.entry_info.ai_result.output = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
		const json = (await deliver({ body: JSON.stringify(message) })).workflowData![0][0].json;
		expect((json.ai_result as IDataObject).output).toBe(message.entry_info.ai_result.output);
	});
});

describe('4. cost before authentication is bounded', () => {
	// An 11 MB forged XML body with 1 M attributes.
	const attributes = Array.from({ length: 1_000_000 }, (_, i) => `a${i}="x"`).join(' ');
	const forged = `<callback ${attributes}><callback_type>entry</callback_type></callback>`;

	test('default mode, no URL token, body cannot contain the secret -> 401 before parsing (no XML error surfaces)', async () => {
		const result = await deliver({ body: forged, contentType: 'application/xml', token: null });
		expect([result.response.statusCode, result.workflowData]).toEqual([401, undefined]);
		expect(JSON.stringify(result.response.body)).not.toMatch(/attributes|XML/);
	});

	test('a body that does carry the secret is parsed with bounded attribute and element counts -> 400', async () => {
		const withSecret = forged.replace('<callback_type>', `<callback_args>${SECRET}</callback_args><callback_type>`);
		const result = await deliver({ body: withSecret, contentType: 'application/xml', token: null });
		expect(result.response.statusCode).toBe(400);
		expect(JSON.stringify(result.response.body)).toMatch(/More than 10000 attributes/);
		const elements = `<callback><callback_args>${SECRET}</callback_args>${'<i/>'.repeat(300_000)}</callback>`;
		const many = await deliver({ body: elements, contentType: 'application/xml', token: null });
		expect(JSON.stringify(many.response.body)).toMatch(/More than 250000 elements/);
	});

	test('a secret a writer might escape is not pre-checked on the raw text (the parsed arguments decide)', async () => {
		const escapable = 'se<cr>et&"1"';
		const xml = toXml('callback', officialEntryMessage(escapable));
		const result = await deliver({ body: xml, contentType: 'application/xml', token: null, parameters: params({ callbackSecret: escapable }) });
		expect(result.response.statusCode).toBe(200);
	});
});

describe('5. __proto__ keys stay plain keys', () => {
	const message = () =>
		`{"callback_type":"task","task_id":"t","callback_args":"${SECRET}","entry_info":[{"entry_id":"e1","status":"Success","__proto__":{"polluted":"yes","status":"forged"}}]}`;

	test.each([['entry'], ['message']])('output "%s": items and entries keep Object.prototype', async (output) => {
		const items = (await deliver({ body: message(), parameters: params({ output }) })).workflowData![0];
		const records = output === 'entry' ? [items[0].json] : (items[0].json.entries as IDataObject[]);
		for (const record of [items[0].json, ...records]) {
			expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
			expect((record as { polluted?: string }).polluted).toBeUndefined();
		}
		expect(records[0].status).toBe('Success');
		expect(Object.prototype.hasOwnProperty.call(records[0], '__proto__')).toBe(true);
	});
});

describe('6. settings are validated (fail closed, reason logged)', () => {
	test.each([
		['non-numeric Maximum Body Size (would remove the size limit)', { options: { maxBodyMb: 'big' } }, /Maximum Body Size/],
		['non-numeric Repeat Window (would turn de-duplication off)', { options: { dedupeWindowSeconds: 'hour' } }, /Repeat Window/],
		['unknown Secret Check', { secretCheck: 'maybe' }, /Secret Check/],
		['non-boolean Ignore Repeated Deliveries', { options: { deduplicate: 'no' } }, /Ignore Repeated Deliveries/],
		['unknown Output', { output: 'everything' }, /Output/],
	])('%s -> 500, no execution, reason logged', async (_name, extra, reason) => {
		const { result, logged } = await withLogs(() => deliver({ body: JSON.stringify(officialEntryMessage()), parameters: params(extra as INodeParameters) }));
		expect([result.response.statusCode, result.workflowData]).toEqual([500, undefined]);
		expect(logged).toMatch(/error: .*setting is invalid/);
		expect(logged).toMatch(reason);
	});

	test('a 25 MB body with a Maximum Body Size expression that is not a number is refused, not accepted', async () => {
		const result = await deliver({ body: ' '.repeat(25 * 1024 * 1024), parameters: params({ options: { maxBodyMb: Number.NaN } }) });
		expect([result.response.statusCode, result.workflowData]).toEqual([500, undefined]);
	});
});

describe('8. canonical de-duplication keys', () => {
	test('status casing of a redelivery does not make it new', async () => {
		const first = await deliver({ body: JSON.stringify(officialEntryMessage()) });
		const recased = officialEntryMessage() as { entry_info: IDataObject };
		recased.entry_info.status = 'SUCCESS';
		const again = await deliver({ body: JSON.stringify(recased), staticData: first.staticData });
		expect([again.response.statusCode, again.workflowData]).toEqual([200, undefined]);
	});

	test('entries without entry_id: other whitespace and key order are the same delivery; other content is not', async () => {
		const entries = [{ uri: 'tos/a.png', status: 'Success' }, { uri: 'tos/b.png', status: 'Fail' }];
		const compact = JSON.stringify({ callback_type: 'task', task_id: 't-no-ids', entry_info: entries });
		const first = await deliver({ body: compact });
		expect(first.workflowData![0]).toHaveLength(2);
		const spaced = `{\n  "task_id" : "t-no-ids",\n  "entry_info": [ { "status": "Success", "uri": "tos/a.png" },\n { "uri": " tos/b.png ", "status": "Fail" } ],\n  "callback_type": "task"\n}`;
		const again = await deliver({ body: spaced, staticData: first.staticData });
		expect([again.response.statusCode, again.workflowData]).toEqual([200, undefined]);
		const other = compact.replace('b.png', 'c.png');
		expect((await deliver({ body: other, staticData: first.staticData })).workflowData![0]).toHaveLength(2);
	});
});

describe('the de-duplication window reaches n8n\'s database (issue 15, queue mode)', () => {
	// Without it a copy reaching another n8n process (or a restarted one) runs again: measured on the real engine by
	// scripts/test-n8n-queue.ts. `staticDataSaved` follows n8n 2.41's order of answering and saving (harness).
	test('an accepted callback is answered by the trigger, so n8n stores the window; another process drops the copy', async () => {
		const first = await deliver({ body: JSON.stringify(officialEntryMessage()) });
		expect(first).toMatchObject({ noWebhookResponse: true, staticDataSaved: true, response: { statusCode: 200, body: { message: 'Received', items: 1 } } });
		expect(first.workflowData![0]).toHaveLength(1);
		// Each call is another workflow id, hence another in-memory scope: only the stored static data can drop it.
		const copy = await deliver({ body: JSON.stringify(officialEntryMessage()), staticData: first.staticData });
		expect([copy.response.statusCode, copy.workflowData]).toEqual([200, undefined]);
	});

	test('with Ignore Repeated Deliveries off, n8n answers once the execution is queued (a failure to queue it is retried by the provider)', async () => {
		const result = await deliver({ body: JSON.stringify(officialEntryMessage()), parameters: params({ options: { deduplicate: false } }) });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.workflowData![0]).toHaveLength(1);
		expect(result.response).toMatchObject({ statusCode: 200, body: { message: 'Received', items: 1 } });
	});

	test('concurrent calls overwrite each other\'s save (last one wins): the last save still holds the earlier key', async () => {
		const entry = (id: string) => {
			const message = officialEntryMessage() as { entry_info: IDataObject };
			message.entry_info.entry_id = id;
			return JSON.stringify(message);
		};
		// Both loaded the same static data before either was saved (one webhook processor, one workflow).
		const a = await deliver({ body: entry('burst-a'), staticData: {}, workflowId: 'wf-burst' });
		const b = await deliver({ body: entry('burst-b'), staticData: {}, workflowId: 'wf-burst' });
		expect([a.workflowData![0], b.workflowData![0], a.staticDataSaved, b.staticDataSaved]).toEqual([expect.any(Array), expect.any(Array), true, true]);
		// Another process loads b's save (the last write): a's copy is dropped there too.
		const copyOfA = await deliver({ body: entry('burst-a'), staticData: b.staticData, workflowId: 'wf-other-process' });
		expect([copyOfA.response.statusCode, copyOfA.workflowData]).toEqual([200, undefined]);
		// Control: without the stored window that process runs it.
		expect((await deliver({ body: entry('burst-a'), staticData: {}, workflowId: 'wf-third-process' })).workflowData![0]).toHaveLength(1);
	});
});

describe('9. an entry that cannot be read is an item, never dropped', () => {
	test('5 000 entries, 500 malformed (scalars, nulls, empty records) -> 5 000 items, 500 flagged with their raw content', async () => {
		const message = taskMessage(5000) as { entry_info: unknown[] };
		for (let i = 0; i < 5000; i += 10) message.entry_info[i] = i % 40 === 0 ? null : i % 40 === 10 ? `garbled-${i}` : i % 40 === 20 ? {} : i;
		const items = (await deliver({ body: JSON.stringify(message) })).workflowData![0].map((item) => item.json);
		expect(items).toHaveLength(5000);
		const flagged = items.filter((item) => item.malformed === true);
		expect(flagged).toHaveLength(500);
		expect(items[10]).toEqual(expect.objectContaining({ malformed: true, raw_content: 'garbled-10', entry_index: 10, malformed_reason: expect.stringMatching(/string/) }));
		expect(items[0]).toEqual(expect.objectContaining({ malformed: true, raw_content: null }));
		expect(items[20]).toEqual(expect.objectContaining({ malformed: true, raw_content: {} }));
		expect(items[30]).toEqual(expect.objectContaining({ malformed: true, raw_content: 30 }));
		expect(items[11].entry_id).toBe('entry-11');
	});

	test('XML: an entry element with text only is a flagged item too', async () => {
		const xml = `<callback><callback_type>task</callback_type><task_id>t</task_id><entry_info>junk</entry_info>${toXml('entry_info', { entry_id: 'e2', status: 'Success' })}</callback>`;
		const items = (await deliver({ body: xml, contentType: 'application/xml' })).workflowData![0].map((item) => item.json);
		expect(items.map((item) => [item.malformed ?? false, item.entry_id ?? item.raw_content])).toEqual([
			[true, 'junk'],
			[false, 'e2'],
		]);
	});
});
