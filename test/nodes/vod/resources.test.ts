/** Image, Template and Callback Settings resources, provider errors and secret hygiene, on the harness + sandbox. */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { DEMO_KEYS } from '../../../sandbox/core/keys';
import { calls, defaultTemplateId, dropEveryOtherRequest, runVod, startVodSandbox, submitParams, videos } from './vodTestKit';

let sb: Sandbox;
let templateId: string;

beforeAll(async () => {
	sb = await startVodSandbox();
	templateId = await defaultTemplateId(sb);
});
afterAll(async () => await sb.stop());
beforeEach(() => sb.clearFaults());

describe('Image', () => {
	it('Get Many lists signed images with numeric scores; Delete batches ids across items, 10 per call', async () => {
		const done = await runVod(sb, submitParams(templateId, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05 } }), videos(12));
		expect(done.error).toBeUndefined();
		const { items, error } = await runVod(sb, { resource: 'image', operation: 'getMany', videoId: '={{ $json.VideoId }}' }, done.items.map((i) => i.json));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(12);
		const all: IDataObject[] = [];
		for (const [index, item] of items.entries()) {
			const images = item.json.images as IDataObject[];
			expect(item.json.count).toBe(images.length);
			expect(images.length).toBe((done.items[index].json.AIImageResult as unknown[]).length);
			expect(typeof images[0].Score).toBe('number');
			expect(String(images[0].FileURL)).toContain('auth_key=');
			all.push(...images);
		}
		expect(all.length).toBeGreaterThan(10);
		const before = calls(sb, 'DeleteAIImageInfos').length;
		const deleted = await runVod(sb, { resource: 'image', operation: 'delete', imageInfoIds: '={{ $json.AIImageInfoId }}' }, all);
		expect(deleted.error).toBeUndefined();
		expect(deleted.items).toHaveLength(all.length);
		expect(calls(sb, 'DeleteAIImageInfos').length - before).toBe(Math.ceil(all.length / 10));
		deleted.items.forEach((item, index) => expect(item.json.deleted).toEqual([all[index].AIImageInfoId]));
		const after = await runVod(sb, { resource: 'image', operation: 'getMany', videoId: String(done.items[0].json.VideoId) });
		expect(after.items[0].json.count).toBe(0);
	});

	it('Delete with Continue On Fail: a malformed id fails only its item, the others go out in one call', async () => {
		const before = calls(sb, 'DeleteAIImageInfos').length;
		const { items, error } = await runVod(sb, { resource: 'image', operation: 'delete', imageInfoIds: '={{ $json.id }}' }, [{ id: 'aaaa1111' }, { id: 'x;y' }, { id: 'bbbb2222, cccc3333' }], { continueOnFail: true });
		expect(error).toBeUndefined();
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		expect(items[0].json.deleted).toEqual(['aaaa1111']);
		expect(String(items[1].json.error)).toMatch(/Image Info IDs: "x;y" is not an AIImageInfoId/);
		expect(items[2].json.deleted).toEqual(['bbbb2222', 'cccc3333']);
		const sent = calls(sb, 'DeleteAIImageInfos').slice(before);
		expect(sent.map((entry) => entry.params?.AIImageInfoIds)).toEqual(['aaaa1111,bbbb2222,cccc3333']);
	});
});

describe('Template', () => {
	it('create (builder) -> get -> update (JSON) -> set default -> get many -> delete', async () => {
		const created = await runVod(sb, { resource: 'template', operation: 'create', templateName: 'PNG covers', templateType: 'AIImage', configMode: 'builder', format: 'png', setDefaultCover: true });
		expect(created.error).toBeUndefined();
		const id = String(created.items[0].json.TemplateId);
		expect(created.items[0].json.TemplateConfig).toEqual({ Format: 'png', SetDefaultCover: 'true' });
		expect(calls(sb, 'AddAITemplate').at(-1)?.params?.TemplateConfig).toBe('{"Format":"png","SetDefaultCover":"true"}');

		const rl = { __rl: true, mode: 'id', value: id };
		const got = await runVod(sb, { resource: 'template', operation: 'get', templateId: rl });
		expect(got.items[0].json).toMatchObject({ TemplateId: id, TemplateName: 'PNG covers', TemplateType: 'AIImage', TemplateConfig: { Format: 'png', SetDefaultCover: 'true' } });

		const updated = await runVod(sb, { resource: 'template', operation: 'update', templateId: rl, templateName: 'GIF covers', templateType: 'AIImage', configMode: 'json', templateConfigJson: '{"Format":"gif","SetDefaultCover":false}' });
		expect(updated.error).toBeUndefined();
		expect(calls(sb, 'UpdateAITemplate').at(-1)?.params?.TemplateConfig).toBe('{"Format":"gif","SetDefaultCover":"false"}');

		const setDefault = await runVod(sb, { resource: 'template', operation: 'setDefault', templateId: rl });
		expect(setDefault.items[0].json).toMatchObject({ TemplateId: id, success: true });
		const many = await runVod(sb, { resource: 'template', operation: 'getMany', templateType: 'AIImage' });
		const mine = (many.items[0].json.templates as IDataObject[]).find((t) => t.TemplateId === id);
		expect(mine).toMatchObject({ TemplateName: 'GIF covers', IsDefault: 'Default' });

		// The default template cannot be deleted: the provider error arrives as NodeApiError with its code and RequestId.
		const refused = await runVod(sb, { resource: 'template', operation: 'delete', templateId: rl });
		expect(refused.error?.message).toMatch(/Alibaba Cloud VOD error \S+: .*RequestId/);
		await runVod(sb, { resource: 'template', operation: 'setDefault', templateId: { __rl: true, mode: 'id', value: templateId } });
		const deleted = await runVod(sb, { resource: 'template', operation: 'delete', templateId: rl });
		expect(deleted.error).toBeUndefined();
		const gone = await runVod(sb, { resource: 'template', operation: 'get', templateId: rl }, [{}], { continueOnFail: true });
		expect(String(gone.items[0].json.error)).toMatch(/NotFound/);
	});

	it('an AIMediaAudit template takes its configuration from the JSON field (the builder is AIImage only)', async () => {
		const config = { AuditItem: ['terrorism', 'porn'], AuditRange: ['video'], AuditContent: ['screen'], AuditAutoBlock: 'no' };
		const { items, error } = await runVod(sb, { resource: 'template', operation: 'create', templateName: 'Audit', templateType: 'AIMediaAudit', templateConfigJson: JSON.stringify(config) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ TemplateType: 'AIMediaAudit', TemplateConfig: config });
		expect(JSON.parse(String(calls(sb, 'AddAITemplate').at(-1)?.params?.TemplateConfig))).toEqual(config);
	});

	it('rejects a bad JSON config and an over-long name before sending', async () => {
		const before = sb.requests.length;
		const bad = await runVod(sb, { resource: 'template', operation: 'create', templateName: 'x', templateType: 'AIImage', configMode: 'json', templateConfigJson: '{"Format":"jpg","SetDefaultCover":"true"}' });
		expect(bad.error?.message).toMatch(/Template Config \(JSON\).*gif.*png/);
		const long = await runVod(sb, { resource: 'template', operation: 'create', templateName: '智'.repeat(43), templateType: 'AIImage' });
		expect(long.error?.message).toMatch(/Template Name.*129 bytes/);
		expect(sb.requests.length).toBe(before);
	});

	it('checks Template Config (JSON) with its schema: names the key that is wrong and how to fix it', async () => {
		const before = sb.requests.length;
		const create = (templateType: string, templateConfigJson: string) =>
			runVod(sb, { resource: 'template', operation: 'create', templateName: 'x', templateType, configMode: 'json', templateConfigJson });
		const cover = await create('AIImage', '{"Format":"png","SetDefaultCover":"yes"}');
		expect(cover.error?.message).toBe('Template Config (JSON): SetDefaultCover must be "true" or "false"');
		expect(cover.error?.description).toBe('Set "SetDefaultCover" to the string "true" or "false".');
		const missing = await create('AIImage', '{"SetDefaultCover":"true"}');
		expect(missing.error?.message).toBe('Template Config (JSON): Format must be "gif" or "png", got undefined');
		expect(missing.error?.description).toBe('Set "Format" to "gif" or "png".');
		const notJson = await create('AIImage', '{Format: gif}');
		expect(notJson.error?.message).toMatch(/^Template Config \(JSON\): is not valid JSON \(.+\)$/);
		const list = await create('AIMediaAudit', '["porn"]');
		expect(list.error?.message).toBe('Template Config (JSON): must be a JSON object');
		expect(list.error?.description).toMatch(/^Enter a JSON object/);
		expect(sb.requests.length).toBe(before);
		// A JSON boolean is converted to the string VOD wants.
		const created = await create('AIImage', '{"Format":"gif","SetDefaultCover":true}');
		expect(created.error).toBeUndefined();
		expect(calls(sb, 'AddAITemplate').at(-1)?.params?.TemplateConfig).toBe('{"Format":"gif","SetDefaultCover":"true"}');
	});
});

describe('Callback Settings', () => {
	it('set then get: the auth key never appears in outputs, only AuthKeySet', async () => {
		const key = 'Vod2024SecretKey';
		const set = await runVod(sb, { resource: 'callbackSettings', operation: 'set', callbackUrl: 'https://n8n.example.com/webhook/vod-ai', eventTypes: ['AIComplete', 'FileUploadComplete'], authSwitch: true, authKey: key });
		expect(set.error).toBeUndefined();
		expect(set.items[0].json).toMatchObject({ CallbackType: 'HTTP', EventTypeList: 'AIComplete,FileUploadComplete', AuthSwitch: 'on', AuthKeySet: true });
		const got = await runVod(sb, { resource: 'callbackSettings', operation: 'get' });
		expect(got.items[0].json).toMatchObject({ CallbackURL: 'https://n8n.example.com/webhook/vod-ai', AuthSwitch: 'on', AuthKeySet: true, Region: 'cn-shanghai' });
		expect(JSON.stringify([set.items, got.items])).not.toContain(key);
	});

	it('refuses a weak auth key before sending', async () => {
		const before = sb.requests.length;
		const { error } = await runVod(sb, { resource: 'callbackSettings', operation: 'set', callbackUrl: 'https://x.example.com/cb', eventTypes: ['AIComplete'], authSwitch: true, authKey: 'alllowercase' });
		expect(error?.message).toMatch(/Auth Key/);
		expect(sb.requests.length).toBe(before);
	});
});

describe('Provider errors and secrets', () => {
	it.each(['HMAC-SHA1', 'ACS3-HMAC-SHA256'])('wrong secret with STS (%s): SignatureDoesNotMatch with a hint, token and secret redacted', async (scheme) => {
		const sts = DEMO_KEYS.vod[1];
		const token = sts.sessionTokens?.[0] as string;
		const { error } = await runVod(sb, { resource: 'template', operation: 'getMany', templateType: 'AIImage' }, [{}], {
			credentials: { accessKeyId: sts.accessKeyId, accessKeySecret: 'wrong-secret-value', securityToken: token, signatureScheme: scheme },
		});
		expect(error?.message).toMatch(/SignatureDoesNotMatch/);
		expect(error?.message).toMatch(/RequestId/);
		expect(error?.description).toMatch(/AccessKey Secret/);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.description).toMatch(/Provider recommends: https:\/\/api\.aliyun\.com\/troubleshoot\?q=SignatureDoesNotMatch/);
		expect(error?.context).toMatchObject({ code: 'SignatureDoesNotMatch', requestId: expect.any(String) });
		const everything = JSON.stringify({ message: error?.message, description: error?.description, context: error?.context });
		expect(everything).not.toContain(token);
		expect(everything).not.toContain('wrong-secret-value');
	});

	it('an error envelope with HTTP 200 is an error; reads are retried, then reported', async () => {
		sb.setFaults({ vod: { ListAITemplate: { errorEnvelopeRate: 1 } } });
		const before = calls(sb, 'ListAITemplate').length;
		const { error } = await runVod(sb, { resource: 'template', operation: 'getMany', templateType: 'AIImage' });
		expect(error?.message).toMatch(/InternalError.*RequestId/);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.description).toMatch(/temporary problem/);
		expect(calls(sb, 'ListAITemplate').length - before).toBeGreaterThan(1);
		expect(calls(sb, 'ListAITemplate').at(-1)?.status).toBe(200);
	});

	it('a read survives dropped connections: retried, each attempt with a fresh nonce', async () => {
		const submitted = await runVod(sb, submitParams(templateId), videos(1));
		const jobId = String(submitted.items[0].json.JobId);
		const before = calls(sb, 'GetAIImageJobs').length;
		const restore = dropEveryOtherRequest(sb, 'GetAIImageJobs');
		try {
			for (let run = 0; run < 6; run++) {
				// HMAC-SHA1 puts SignatureNonce in the query, so the sandbox log shows it.
				const { items, error } = await runVod(sb, { resource: 'job', operation: 'get', jobIds: jobId }, [{}], { credentials: { signatureScheme: 'HMAC-SHA1' } });
				expect(error).toBeUndefined();
				expect(items[0].json.JobId).toBe(jobId);
			}
		} finally {
			restore();
		}
		const polled = calls(sb, 'GetAIImageJobs').slice(before);
		// Every run: the first attempt's connection is dropped, the retry answers.
		expect(polled.map((entry) => entry.fault ?? entry.status)).toEqual(Array.from({ length: 6 }, () => ['reset', 200]).flat());
		expect(polled.filter((entry) => !entry.fault).every((entry) => entry.signature === 'ok')).toBe(true);
		const nonces = polled.map((entry) => entry.params?.SignatureNonce);
		expect(nonces.every((nonce) => typeof nonce === 'string' && nonce !== '')).toBe(true);
		expect(new Set(nonces).size).toBe(polled.length);
	});

	it('a template chosen in list mode of the resource locator is sent as AITemplateId', async () => {
		const { error } = await runVod(sb, submitParams(templateId, { aiTemplateId: { __rl: true, mode: 'list', value: templateId, cachedResultName: 'System AIImage Template' } }), videos(1));
		expect(error).toBeUndefined();
		expect(calls(sb, 'SubmitAIImageJob').at(-1)?.params?.AITemplateId).toBe(templateId);
	});
});
