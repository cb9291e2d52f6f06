/** VOD emulator: every action's happy path and a documented error, region restriction, UserData limits, envelopes. */
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_KEYS } from '../../sandbox/core/keys';
import { createVodProvider } from '../../sandbox/vod';
import { vodCall, type VodCall } from './vod-client';

const key = { accessKeyId: DEMO_KEYS.vod[0].accessKeyId, secret: DEMO_KEYS.vod[0].secret };
let sb: Sandbox;
const call = (action: string, params: Record<string, string> = {}, extra: Partial<VodCall> & { region?: string } = {}) =>
	vodCall({ ...extra, endpoint: sb.vodEndpoint(extra.region ?? 'cn-shanghai'), action, params, key });
const AIIMAGE_CONFIG = '{"Format":"png","SetDefaultCover":"false"}';

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotas: false, providers: { vod: createVodProvider({ jobDurationMs: 10_000 }) } });
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

function expectError(res: { status: number; json: Record<string, any> }, status: number, code: string) {
	expect({ status: res.status, code: res.json.Code }).toEqual({ status, code });
	expect(res.json).toEqual(expect.objectContaining({
		RequestId: expect.any(String), HostId: expect.stringMatching(/^vod\..+\.aliyuncs\.com$/),
		Message: expect.any(String), Recommend: expect.stringContaining(code),
	}));
}

describe('AI templates', () => {
	test('a System AIImage template is seeded and listed; TemplateType is required', async () => {
		const list = await call('ListAITemplate', { TemplateType: 'AIImage' });
		expect(list.status).toBe(200);
		expect(list.json.TemplateInfoList).toEqual([expect.objectContaining({ Source: 'System', IsDefault: 'Default', TemplateType: 'AIImage', TemplateConfig: '{"Format":"gif","SetDefaultCover":"true"}' })]);
		expectError(await call('ListAITemplate'), 400, 'MissingParameter');
	});

	test('Add, Get, Update, SetDefault, Delete round trip with validation errors', async () => {
		const added = await call('AddAITemplate', { TemplateName: '智能封面 1', TemplateType: 'AIImage', TemplateConfig: AIIMAGE_CONFIG });
		expect(added.status).toBe(200);
		const id = added.json.TemplateId as string;
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		const got = await call('GetAITemplate', { TemplateId: id });
		expect(got.json.TemplateInfo).toEqual(expect.objectContaining({ TemplateId: id, TemplateName: '智能封面 1', Source: 'Custom', IsDefault: 'NotDefault', TemplateConfig: AIIMAGE_CONFIG }));
		expect(got.json.TemplateInfo.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

		expectError(await call('AddAITemplate', { TemplateName: 'x', TemplateType: 'AIImage', TemplateConfig: '{"Format":"jpg","SetDefaultCover":"true"}' }), 400, 'InvalidParameter');
		expectError(await call('AddAITemplate', { TemplateName: 'x', TemplateType: 'AIImage', TemplateConfig: '{"Format":"gif","SetDefaultCover":true}' }), 400, 'InvalidParameter');
		expectError(await call('AddAITemplate', { TemplateName: 'x', TemplateType: 'Other', TemplateConfig: AIIMAGE_CONFIG }), 400, 'InvalidParameter');
		expectError(await call('AddAITemplate', { TemplateName: 'x'.repeat(129), TemplateType: 'AIImage', TemplateConfig: AIIMAGE_CONFIG }), 400, 'InvalidParameter');

		const updated = await call('UpdateAITemplate', { TemplateId: id, TemplateName: 'renamed', TemplateConfig: '{"Format":"gif","SetDefaultCover":"true"}' });
		expect(updated.json.TemplateId).toBe(id);
		expect((await call('GetAITemplate', { TemplateId: id })).json.TemplateInfo.TemplateName).toBe('renamed');

		expect((await call('SetDefaultAITemplate', { TemplateId: id })).json.TemplateId).toBe(id);
		expectError(await call('DeleteAITemplate', { TemplateId: id }), 403, 'Forbidden'); // default is refused
		const system = (await call('ListAITemplate', { TemplateType: 'AIImage' })).json.TemplateInfoList.find((t: any) => t.Source === 'System');
		expect(system.IsDefault).toBe('NotDefault');
		await call('SetDefaultAITemplate', { TemplateId: system.TemplateId });
		expect((await call('DeleteAITemplate', { TemplateId: id })).json.TemplateId).toBe(id);
		expectError(await call('GetAITemplate', { TemplateId: id }), 404, 'InvalidTemplate.NotFound');
	});

	test('GetDefaultAITemplate supports AIMediaAudit only', async () => {
		const audit = await call('GetDefaultAITemplate', { TemplateType: 'AIMediaAudit' });
		expect(audit.json.TemplateInfo).toEqual(expect.objectContaining({ TemplateType: 'AIMediaAudit', IsDefault: 'Default' }));
		expectError(await call('GetDefaultAITemplate', { TemplateType: 'AIImage' }), 400, 'InvalidParameter');
	});

	test('templates exist in ap-southeast-1 but jobs do not; unknown regions and actions are refused', async () => {
		expect((await call('ListAITemplate', { TemplateType: 'AIImage' }, { region: 'ap-southeast-1' })).status).toBe(200);
		expectError(await call('SubmitAIImageJob', { VideoId: 'v1', AITemplateId: 'x' }, { region: 'ap-southeast-1' }), 404, 'InvalidAction.NotFound');
		expectError(await call('ListAITemplate', { TemplateType: 'AIImage' }, { region: 'eu-central-1' }), 404, 'InvalidAction.NotFound');
		expectError(await call('GetAIImageJobs', { JobIds: 'a' }, { region: 'mars-1' }), 404, 'InvalidRegionId');
		expectError(await call('SubmitAIImageJobs', { VideoId: 'v1' }), 404, 'InvalidAction.NotFound');
	});
});

describe('jobs and image records', () => {
	const systemTemplate = async () => (await call('ListAITemplate', { TemplateType: 'AIImage' })).json.TemplateInfoList[0].TemplateId as string;

	test('SubmitAIImageJob validates VideoId, template and UserData (≤ 512 bytes, JSON)', async () => {
		const templateId = await systemTemplate();
		expectError(await call('SubmitAIImageJob', { AITemplateId: templateId }), 400, 'MissingParameter');
		expectError(await call('SubmitAIImageJob', { VideoId: 'v1', AITemplateId: 'nope' }), 404, 'InvalidTemplate.NotFound');
		const audit = (await call('ListAITemplate', { TemplateType: 'AIMediaAudit' })).json.TemplateInfoList[0].TemplateId;
		expectError(await call('SubmitAIImageJob', { VideoId: 'v1', AITemplateId: audit }), 400, 'InvalidParameter');
		expectError(await call('SubmitAIImageJob', { VideoId: 'v1', AITemplateId: templateId, UserData: '{"Extend":' }), 400, 'InvalidParameter');

		const prefix = '{"Extend":{"k":"';
		const fill = (n: number) => `${prefix}${'x'.repeat(n - prefix.length - 3)}"}}`;
		expect(Buffer.byteLength(fill(513))).toBe(513);
		const tooBig = await call('SubmitAIImageJob', { VideoId: 'v1', AITemplateId: templateId, UserData: fill(513) });
		expectError(tooBig, 400, 'InvalidParameter');
		expect(tooBig.json.Message).toContain('512');
		const ok = await call('SubmitAIImageJob', { VideoId: 'v1', AITemplateId: templateId, UserData: fill(512) });
		expect(ok.status).toBe(200);
		expect(ok.json).toEqual({ RequestId: expect.any(String), JobId: expect.stringMatching(/^[0-9a-f]{32}$/) });
	});

	test('GetAIImageJobs: ≤ 10 ids, unknown ids absent; ListAIImageInfo and DeleteAIImageInfos', async () => {
		const templateId = await systemTemplate();
		const jobId = (await call('SubmitAIImageJob', { VideoId: 'vid42', AITemplateId: templateId, UserData: '{"Extend":{"n":1}}' })).json.JobId;
		expectError(await call('GetAIImageJobs', { JobIds: Array.from({ length: 11 }, (_, i) => `j${i}`).join(',') }), 400, 'InvalidParameter');
		let jobs = (await call('GetAIImageJobs', { JobIds: `${jobId},unknown` })).json.AIImageJobList;
		for (let i = 0; i < 200 && jobs[0].Status === 'processing'; i++) {
			await new Promise((r) => setTimeout(r, 10));
			jobs = (await call('GetAIImageJobs', { JobIds: `${jobId},unknown` })).json.AIImageJobList;
		}
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toEqual(expect.objectContaining({ JobId: jobId, VideoId: 'vid42', Status: 'success', Code: 'Success', UserData: '{"Extend":{"n":1}}', TemplateConfig: '{"Format":"gif","SetDefaultCover":"true"}' }));
		const result = JSON.parse(jobs[0].AIImageResult) as Array<{ Score: number; Url: string }>;
		expect(result.length).toBeGreaterThan(0);
		expect(typeof result[0].Score).toBe('number');
		expect(result[0].Url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/vod\/vid42\/image\/ai\/[0-9a-f]{32}-00001\.gif$/);
		expect(sb.files(result[0].Url)!.subarray(0, 6).toString('latin1')).toBe('GIF89a');

		const infos = (await call('ListAIImageInfo', { VideoId: 'vid42' })).json.AIImageInfoList;
		expect(infos).toHaveLength(result.length);
		expect(infos[0]).toEqual(expect.objectContaining({ JobId: jobId, VideoId: 'vid42', Format: 'gif', Score: expect.any(String), FileURL: expect.stringContaining('?auth_key=') }));
		const download = await fetch(infos[0].FileURL);
		expect(download.status).toBe(200);
		expect(Buffer.from(await download.arrayBuffer()).subarray(0, 6).toString('latin1')).toBe('GIF89a');
		expectError(await call('ListAIImageInfo', {}), 400, 'MissingParameter');

		expectError(await call('DeleteAIImageInfos', { AIImageInfoIds: Array(11).fill('a').map((a, i) => a + i).join(',') }), 400, 'InvalidParameter');
		expect((await call('DeleteAIImageInfos', { AIImageInfoIds: infos.map((i: any) => i.AIImageInfoId).join(',') })).status).toBe(200);
		expect((await call('ListAIImageInfo', { VideoId: 'vid42' })).json.AIImageInfoList).toEqual([]);
	});
});

describe('message callback and envelopes', () => {
	test('SetMessageCallback / GetMessageCallback with validation', async () => {
		const set = await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: 'http://127.0.0.1:9/cb', EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: 'Abc123xyZ' });
		expect(set.status).toBe(200);
		const got = await call('GetMessageCallback');
		expect(got.json.MessageCallback).toEqual(expect.objectContaining({ CallbackType: 'HTTP', CallbackURL: 'http://127.0.0.1:9/cb', EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: 'Abc123xyZ' }));
		expectError(await call('SetMessageCallback', { AuthKey: 'alllowercase1' }), 400, 'InvalidParameter');
		expectError(await call('SetMessageCallback', { AuthKey: 'Abc1'.repeat(9) }), 400, 'InvalidParameter');
		expectError(await call('SetMessageCallback', { CallbackURL: `http://x.example/${'a'.repeat(250)}` }), 400, 'InvalidParameter');
		expectError(await call('SetMessageCallback', { CallbackType: 'SMS' }), 400, 'InvalidParameter');
		// The AuthKey never reaches the request log.
		expect(JSON.stringify(sb.requests)).not.toContain('Abc123xyZ');
	});

	test('RPC without Format=JSON answers XML (the gateway default); bad Version is refused', async () => {
		const xml = await call('ListAITemplate', { TemplateType: 'AIImage' }, { omitFormat: true });
		expect(xml.status).toBe(200);
		expect(xml.text).toMatch(/^<\?xml .*<ListAITemplateResponse><RequestId>.*<TemplateInfoList><TemplateInfo><TemplateId>/);
		expectError(await call('ListAITemplate', { TemplateType: 'AIImage', Version: '2014-01-01' }), 400, 'InvalidVersion');
	});
});
