/** veImageX GetAllImageServices (Version 2018-08-01, shape from the official Node SDK): list, filter, version, method. */
import { request } from 'undici';

import { startSandbox, type Sandbox } from '../../sandbox';
import { DEFAULT_SERVICE_ID } from '../../sandbox/veimagex/services';
import { volcCall, type VolcCall } from './volcengine-client';

let sb: Sandbox;
let key: { accessKeyId: string; secret: string };
const list = (extra: Partial<VolcCall> = {}) =>
	volcCall({ endpoint: sb.veimagexEndpoint, action: 'GetAllImageServices', version: '2018-08-01', method: 'GET', key, ...extra });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotas: true, seed: 7 });
	key = { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey };
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

test('lists the seeded services with the SDK fields, the default one serving the result files', async () => {
	const res = await list();
	expect(res.status).toBe(200);
	expect(res.json.ResponseMetadata).toEqual(
		expect.objectContaining({ Action: 'GetAllImageServices', Version: '2018-08-01', Service: 'ImageX', Region: 'cn-north-1' }),
	);
	const services = res.json.Result.Services as Array<Record<string, any>>;
	expect(services.map((s) => s.ServiceId)).toEqual([DEFAULT_SERVICE_ID, 'zh8k1q3p7w']);
	for (const s of services) {
		expect(s).toEqual(
			expect.objectContaining({
				ServiceName: expect.any(String), ServiceRegion: 'cn', ServiceStatus: expect.any(String), ServiceType: 'Image',
				CreateAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
				PrimaryKey: expect.stringMatching(/^[0-9a-f]{32}$/), SecondaryKey: expect.stringMatching(/^[0-9a-f]{32}$/),
			}),
		);
		expect(s.DomainInfos.filter((d: any) => d.IsDefault)).toHaveLength(1);
		for (const d of s.DomainInfos) expect(Object.keys(d).sort()).toEqual(['CNAME', 'DomainName', 'IsDefault', 'Status', 'UrlAuth']);
	}
	// `http://` + the default domain of the demo service + an ObjectKey is where the sandbox serves result files.
	const domain = services[0].DomainInfos.find((d: any) => d.IsDefault).DomainName as string;
	expect(`http://${domain}/some/key.webp`).toBe(`${sb.url}/files/veimagex/some/key.webp`);
	// Keys are stable between calls (like real ones) and differ between the two slots.
	const again = await list();
	expect(again.json.Result.Services[0].PrimaryKey).toBe(services[0].PrimaryKey);
	expect(services[0].PrimaryKey).not.toBe(services[0].SecondaryKey);
});

test('SearchPtn keeps services whose ID or name contains it; empty = all', async () => {
	const ids = async (SearchPtn: string) =>
		((await list({ query: { SearchPtn } })).json.Result.Services as Array<{ ServiceId: string }>).map((s) => s.ServiceId);
	expect(await ids('product')).toEqual(['zh8k1q3p7w']);
	expect(await ids('zh8k')).toEqual(['zh8k1q3p7w']);
	expect(await ids('demo')).toEqual([DEFAULT_SERVICE_ID]);
	expect(await ids('nothing-like-this')).toEqual([]);
	expect(await ids('')).toHaveLength(2);
});

test('answers in every region (not a cn-north-1-only action), with the region code', async () => {
	const res = await list({ region: 'ap-singapore-1' });
	expect(res.status).toBe(200);
	expect(res.json.Result.Services[0].ServiceRegion).toBe('sg');
});

test('only Version 2018-08-01 and only GET', async () => {
	const wrongVersion = await list({ version: '2023-05-01' });
	expect({ status: wrongVersion.status, code: wrongVersion.json.ResponseMetadata.Error.Code }).toEqual({ status: 404, code: 'InvalidActionOrVersion' });
	const post = await list({ method: 'POST', body: {} });
	expect({ status: post.status, code: post.json.ResponseMetadata.Error.Code }).toEqual({ status: 405, code: 'MethodNotAllowed' });
});

test('same signature and quota pipeline: a bad signature is refused, 10/s by default, a 429 past the quota', async () => {
	const bad = await list({ signSecret: 'wrong-secret' });
	expect({ status: bad.status, code: bad.json.ResponseMetadata.Error.Code }).toEqual({ status: 401, code: 'SignatureDoesNotMatch' });
	const quota = (await (await request(`${sb.url}/_admin/quota`)).body.json()) as Record<string, any>;
	expect(JSON.stringify(quota)).toContain('"GetAllImageServices":10');
	sb.setQuota({ limits: { veimagex: { GetAllImageServices: 2 } } });
	try {
		const answers = await Promise.all([list(), list(), list()]);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
		expect(answers.find((a) => a.status === 429)!.json.ResponseMetadata.Error.Code).toBe('FlowLimitExceeded');
	} finally {
		sb.setQuota({ limits: { veimagex: { GetAllImageServices: 10 } } });
	}
});

test('the secrets never reach the request log', async () => {
	const res = await list({ query: { SearchPtn: 'demo' } });
	const secret = res.json.Result.Services[0].PrimaryKey as string;
	const entry = sb.requests.find((r) => r.action === 'GetAllImageServices');
	expect(entry?.params).toEqual({ SearchPtn: 'demo' });
	expect(JSON.stringify(sb.requests)).not.toContain(secret);
	const admin = await request(`${sb.url}/_admin/requests`);
	expect(await admin.body.text()).not.toContain(secret);
});
