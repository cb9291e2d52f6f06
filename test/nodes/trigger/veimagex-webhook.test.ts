/** veImageX callbacks through n8n-core's WebhookContext: parsing, fan-out, secrets, limits, de-duplication. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callWebhook } from '../../harness';
import { officialEntryMessage, taskMessage, toXml, VEIMAGEX_TRIGGER } from './helpers';

const SECRET = 's3cr3t-token-value-123';
const PATH = '/webhook/a1b2c3d4-0000-4000-8000-00000000feed/ai-image-callback';

function params(extra: INodeParameters = {}): INodeParameters {
	return { queueId: '', callbackSecret: SECRET, ...extra };
}

async function deliver(opts: {
	body: string | Buffer;
	contentType?: string;
	token?: string | null;
	parameters?: INodeParameters;
	staticData?: IDataObject;
	headers?: Record<string, string>;
}) {
	const token = opts.token === undefined ? SECRET : opts.token;
	const url = token === null ? PATH : `${PATH}?token=${encodeURIComponent(token)}`;
	return await callWebhook({
		type: VEIMAGEX_TRIGGER,
		parameters: opts.parameters ?? params(),
		staticData: opts.staticData,
		request: {
			url,
			headers: { 'content-type': opts.contentType ?? 'application/json', ...(opts.headers ?? {}) },
			rawBody: opts.body,
			// The node reads the raw bytes; n8n would refuse unparsable JSON before the node, so skip the pre-parse.
			body: {},
		},
	});
}

test('official entry sample (JSON): one item, output parsed, unix times as ISO with raw kept, answered 200', async () => {
	const result = await deliver({ body: JSON.stringify({ ...officialEntryMessage(), extra_field: { kept: true } }) });
	expect(result.response.statusCode).toBe(200);
	expect(result.response.body).toEqual({ message: 'Received', items: 1 });
	const items = result.workflowData![0];
	expect(items).toHaveLength(1);
	const json = items[0].json;
	expect(json).toEqual(
		expect.objectContaining({
			provider: 'veImageX',
			callback_type: 'entry',
			queue_id: '67d6bc8633fabc8f36001583',
			task_id: '67e0102f6de21cf05829611c',
			workflow_template_id: 'system_workflow_ai_super_resolution',
			entry_id: '67e0102f6de21cf05829611f',
			status: 'Success',
			submit_at: '2025-03-23T13:44:15.000Z',
			submit_at_raw: 1742737455,
			end_at: '2025-03-23T13:44:23.000Z',
			extra_field: { kept: true },
			authenticated_by: 'url',
			task_part_info: null,
		}),
	);
	expect((json.ai_result as IDataObject).output).toEqual({
		ObjectKey: 'veImageX-store/ai_super_resolution/67e0102f6de21cf05829611c/x.webp',
		Size: 38620,
		Format: 'webp',
	});
	expect(typeof (json.ai_result as IDataObject).output_raw).toBe('string');
});

test('XML task message (Content-Type application/xml): repeated entry_info elements become one item each', async () => {
	const message = taskMessage(3);
	const xml = `<?xml version="1.0" encoding="UTF-8"?>${toXml('callback', message)}`;
	const result = await deliver({ body: xml, contentType: 'application/xml' });
	expect(result.response.statusCode).toBe(200);
	const items = result.workflowData![0].map((i) => i.json);
	expect(items.map((i) => i.entry_id)).toEqual(['entry-0', 'entry-1', 'entry-2']);
	expect(items[1]).toEqual(
		expect.objectContaining({ callback_type: 'task', task_id: 'task-big', status: 'Success', start_at: '2025-03-23T13:44:20.000Z', start_at_raw: '1742737460' }),
	);
	expect((items[1].ai_result as IDataObject).output).toEqual({ ObjectKey: 'out/1.webp', Size: 1001, Format: 'webp' });
	expect(items[2]).toEqual(expect.objectContaining({ entry_index: 2, entries_in_message: 3 }));
});

test('XML is sniffed without a Content-Type, and a single XML entry works as well', async () => {
	const xml = toXml('callback', officialEntryMessage());
	const result = await deliver({ body: `  \n${xml}`, contentType: 'application/octet-stream' });
	expect(result.workflowData![0].map((i) => i.json.entry_id)).toEqual(['67e0102f6de21cf05829611f']);
});

test('entry_info wrapped in another list-like field, and lists under other names, are fanned out', async () => {
	const wrapped = { callback_type: 'task', task_id: 't', entry_info: { entry: [{ entry_id: 'a', status: 'Success' }, { entry_id: 'b', status: 'Fail' }] } };
	expect((await deliver({ body: JSON.stringify(wrapped) })).workflowData![0].map((i) => i.json.entry_id)).toEqual(['a', 'b']);
	const otherName = { callback_type: 'task', task_id: 't', entry_infos: [{ entry_id: 'c', status: 'Success' }] };
	expect((await deliver({ body: JSON.stringify(otherName) })).workflowData![0].map((i) => i.json.entry_id)).toEqual(['c']);
});

test('one item per message on request, with the raw message (secret masked)', async () => {
	const body = JSON.stringify(taskMessage(4, 0, SECRET));
	const result = await deliver({ body, parameters: params({ output: 'message', options: { includeRaw: true } }) });
	const items = result.workflowData![0];
	expect(items).toHaveLength(1);
	expect(items[0].json.entry_count).toBe(4);
	expect((items[0].json.entries as IDataObject[]).map((e) => e.entry_id)).toEqual(['entry-0', 'entry-1', 'entry-2', 'entry-3']);
	expect(items[0].json.authenticated_by).toBe('url+args');
	expect(JSON.stringify(items)).not.toContain(SECRET);
	expect(items[0].json.raw_message).toContain('[redacted]');
});

test('a 5 000-entry task message yields 5 000 items', async () => {
	const result = await deliver({ body: JSON.stringify(taskMessage(5000)) });
	expect(result.response.statusCode).toBe(200);
	const items = result.workflowData![0];
	expect(items).toHaveLength(5000);
	expect(items[4999].json.entry_id).toBe('entry-4999');
	expect(items[97].json.status).toBe('Fail');
});

describe('authenticity', () => {
	test.each([
		['wrong URL token', 'wrong-token-value-0000', ''],
		['token of another length', 'x', ''],
		['no token at all', null, ''],
		['wrong args and no token', null, 'not-the-secret'],
	])('%s -> 401 and no execution', async (_name, token, args) => {
		const result = await deliver({ body: JSON.stringify(officialEntryMessage(args)), token });
		expect(result.response.statusCode).toBe(401);
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
	});

	test('secret in callback_args alone is enough in the default mode, and never reaches the output', async () => {
		const result = await deliver({ body: JSON.stringify(officialEntryMessage(SECRET)), token: null });
		expect(result.response.statusCode).toBe(200);
		expect(result.workflowData![0][0].json.authenticated_by).toBe('args');
		expect(JSON.stringify(result.workflowData)).not.toContain(SECRET);
	});

	test('mode "both" needs URL token and args; mode "url" ignores args', async () => {
		const both = params({ secretCheck: 'both' });
		expect((await deliver({ body: JSON.stringify(officialEntryMessage()), parameters: both })).response.statusCode).toBe(401);
		expect((await deliver({ body: JSON.stringify(officialEntryMessage(SECRET)), parameters: both })).response.statusCode).toBe(200);
		const urlOnly = params({ secretCheck: 'url' });
		expect((await deliver({ body: JSON.stringify(officialEntryMessage(SECRET)), token: null, parameters: urlOnly })).response.statusCode).toBe(401);
	});

	test('the generated secret from static data is used when no secret is set', async () => {
		const generated = 'generated-on-activation-abc';
		const parameters = params({ callbackSecret: '' });
		const ok = await deliver({ body: JSON.stringify(officialEntryMessage()), token: generated, parameters, staticData: { secret: generated } });
		expect(ok.response.statusCode).toBe(200);
		const none = await deliver({ body: JSON.stringify(officialEntryMessage()), token: generated, parameters });
		expect(none.response.statusCode).toBe(401);
	});

	test('a forged call is refused before its body is parsed when the URL token is mandatory', async () => {
		const result = await deliver({ body: 'not even json', token: 'forged', parameters: params({ secretCheck: 'url' }) });
		expect(result.response.statusCode).toBe(401);
	});
});

describe('rejections without execution', () => {
	test('malformed JSON, non-object and non-veImageX bodies -> 400', async () => {
		for (const body of ['{"callback_type": ', '[1,2]', '{"hello":"world"}', '']) {
			const result = await deliver({ body });
			expect([result.response.statusCode, result.workflowData]).toEqual([400, undefined]);
		}
	});

	test('XML bomb (billion laughs) and XXE are refused with 400, quickly and without expansion', async () => {
		const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;">]><callback><task_id>&lol9;</task_id></callback>`;
		const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><callback><task_id>&xxe;</task_id></callback>`;
		const undeclared = `<callback><task_id>&lol9;</task_id></callback>`;
		for (const body of [bomb, xxe, undeclared]) {
			const result = await deliver({ body, contentType: 'text/xml' });
			expect(result.response.statusCode).toBe(400);
			expect(result.workflowData).toBeUndefined();
			expect(JSON.stringify(result.response.body)).not.toContain('root:');
		}
	});

	test('deeply nested XML -> 400', async () => {
		const deep = '<callback><task_id>t</task_id>' + '<a>'.repeat(200) + '</a>'.repeat(200) + '</callback>';
		expect((await deliver({ body: deep, contentType: 'application/xml' })).response.statusCode).toBe(400);
	});

	test('20 MB body -> 413, by declared Content-Length and by actual length; limit configurable', async () => {
		const big = Buffer.alloc(20 * 1024 * 1024, 0x20);
		const actual = await deliver({ body: big });
		expect([actual.response.statusCode, actual.workflowData]).toEqual([413, undefined]);
		const declared = await deliver({ body: '{}', headers: { 'content-length': String(20 * 1024 * 1024) } });
		expect(declared.response.statusCode).toBe(413);
		const small = JSON.stringify(taskMessage(20));
		const limited = await deliver({ body: small + ' '.repeat(1024 * 1024), parameters: params({ options: { maxBodyMb: 1 } }) });
		expect(limited.response.statusCode).toBe(413);
	});
});

describe('repeated deliveries', () => {
	test('the same message twice -> second answered 200 without execution; a new entry is not a duplicate', async () => {
		const body = JSON.stringify(officialEntryMessage());
		const first = await deliver({ body });
		expect(first.workflowData).toBeDefined();
		const again = await deliver({ body, staticData: first.staticData });
		expect(again.response.statusCode).toBe(200);
		expect(again.workflowData).toBeUndefined();
		expect(again.response.body).toEqual({ message: 'Duplicate delivery ignored' });
		const other = officialEntryMessage() as { entry_info: IDataObject };
		other.entry_info.entry_id = 'another-entry';
		const next = await deliver({ body: JSON.stringify(other), staticData: first.staticData });
		expect(next.workflowData![0]).toHaveLength(1);
	});

	test('opt-out: with de-duplication off both deliveries execute', async () => {
		const body = JSON.stringify(officialEntryMessage());
		const parameters = params({ options: { deduplicate: false } });
		const first = await deliver({ body, parameters });
		const again = await deliver({ body, parameters, staticData: first.staticData });
		expect(again.workflowData![0]).toHaveLength(1);
	});

	test('the remembered deliveries stay bounded', async () => {
		let staticData: IDataObject = {};
		const seen: IDataObject = {};
		const future = Date.now() + 3_600_000;
		for (let i = 0; i < 2500; i++) seen[`k${i}`] = future + i;
		staticData = { seenDeliveries: seen };
		const result = await deliver({ body: JSON.stringify(officialEntryMessage()), staticData });
		expect(Object.keys(result.staticData.seenDeliveries as IDataObject).length).toBeLessThanOrEqual(2000);
	});
});
