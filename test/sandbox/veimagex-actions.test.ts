/** veImageX emulator: every action's happy path and a documented error, envelopes, methods, region guard. */
import { startSandbox, type Sandbox } from '../../sandbox';
import { imageSize } from '../../sandbox/core/images';
import { volcCall, waitFor, type VolcCall } from './volcengine-client';

let sb: Sandbox;
let key: { accessKeyId: string; secret: string };
const call = (action: string, extra: Partial<VolcCall> = {}) =>
	volcCall({ endpoint: sb.veimagexEndpoint, action, key, ...extra });
const now = () => Math.floor(Date.now() / 1000);
const window = () => ({ StartTime: now() - 3600, EndTime: now() + 60 });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', quotas: false, seed: 7 });
	key = { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey };
});
afterAll(() => sb.stop());
beforeEach(() => sb.reset());

function expectError(res: { status: number; json: Record<string, any> }, status: number, code: string) {
	expect({ status: res.status, code: res.json.ResponseMetadata?.Error?.Code }).toEqual({ status, code });
	expect(res.json.ResponseMetadata).toEqual(expect.objectContaining({ RequestId: expect.any(String), Service: 'ImageX' }));
	expect(res.json.ResponseMetadata.Error.Message).toEqual(expect.any(String));
	expect(res.json.Result).toBeUndefined();
}

async function defaultQueueId(): Promise<string> {
	const res = await call('GetImageAIProcessQueues', { query: { Limit: 100 } });
	return res.json.Result.Queues.find((q: any) => q.Type === 'default').Id;
}

const taskBody = (QueueId: string, DataList: string[], extra: Record<string, unknown> = {}) => ({
	ServiceId: 'svc1', QueueId, WorkflowTemplateId: 'system_workflow_ai_super_resolution',
	WorkflowParameter: '{"Scale":2}', DataType: 'uri', DataList, ...extra,
});

describe('queues', () => {
	test('create, list (Offset/Limit/SearchPtn), update (full object), status, delete', async () => {
		const created = await call('CreateImageAIProcessQueue', { body: { Name: 'shoes', Desc: 'catalogue', Attribute: 'bgfill', IsStart: false } });
		expect(created.status).toBe(200);
		expect(created.json.ResponseMetadata).toEqual(expect.objectContaining({ Action: 'CreateImageAIProcessQueue', Version: '2023-05-01', Service: 'ImageX', Region: 'cn-north-1' }));
		const id = created.json.Result.QueueId as string;
		const list = await call('GetImageAIProcessQueues', { query: { Limit: 1, Offset: 0, SearchPtn: 'catal' } });
		expect(list.json.Result).toEqual({ Total: 1, Queues: [expect.objectContaining({ Id: id, Name: 'shoes', Status: 'Pending', Type: 'user', EnableCallback: false, CreateAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) })] });
		expect((await call('GetImageAIProcessQueues', { query: { Limit: 100 } })).json.Result.Total).toBe(2);

		const updated = await call('UpdateImageAIProcessQueue', { body: { Id: id, Name: 'shoes2', Attribute: 'bgfill', EnableCallback: true, CallbackConf: { Method: 'HTTP', Endpoint: 'http://127.0.0.1:9/cb', DataFormat: 'XML', Type: 'task', Args: 'n1' } } });
		expect(updated.status).toBe(200);
		expect(updated.json.Result).toBeUndefined();
		const after = (await call('GetImageAIProcessQueues', { query: { Limit: 10, SearchPtn: 'shoes2' } })).json.Result.Queues[0];
		expect(after).toEqual(expect.objectContaining({ Name: 'shoes2', Desc: '', EnableCallback: true, CallbackConf: { Method: 'HTTP', Endpoint: 'http://127.0.0.1:9/cb', DataFormat: 'XML', Args: 'n1', Type: 'task' } }));
		expectError(await call('UpdateImageAIProcessQueue', { body: { Id: id, Attribute: 'bgfill' } }), 400, 'InvalidParameter');

		expect((await call('UpdateImageAIProcessQueueStatus', { body: { Id: id, Status: 'Running' } })).status).toBe(200);
		expectError(await call('UpdateImageAIProcessQueueStatus', { body: { Id: id, Status: 'Paused' } }), 400, 'InvalidParameter');
		expectError(await call('DeleteImageAIProcessQueue', { body: { Id: id } }), 400, 'InvalidParameter');
		expect((await call('DeleteImageAIProcessQueue', { body: { QueueId: id } })).status).toBe(200);
		expectError(await call('DeleteImageAIProcessQueue', { body: { QueueId: id } }), 404, 'ResourceNotFound');
	});

	test('the built-in default queue cannot be deleted; Limit is (0,100]', async () => {
		expectError(await call('DeleteImageAIProcessQueue', { body: { QueueId: await defaultQueueId() } }), 400, 'InvalidParameter');
		expectError(await call('GetImageAIProcessQueues', { query: { Limit: 101 } }), 400, 'InvalidParameter');
		expectError(await call('GetImageAIProcessQueues'), 400, 'InvalidParameter');
		expectError(await call('CreateImageAIProcessQueue', { body: { Name: 'x' } }), 400, 'InvalidParameter');
	});
});

describe('tasks and entries', () => {
	test('CreateImageAITask -> Done; GetImageAITasks and GetImageAIDetails show real outputs', async () => {
		const q = await defaultQueueId();
		const created = await call('CreateImageAITask', { body: taskBody(q, ['a/cat.png', 'dog.gif', 'bird.jpg', 'x/sandbox-fail.png']) });
		expect(created.json.Result).toEqual({ QueueId: q, TaskId: expect.stringMatching(/^[0-9a-f]{24}$/) });
		const taskId = created.json.Result.TaskId;
		const task = await waitFor(async () => {
			const r = await call('GetImageAITasks', { query: { QueueId: q, ...window(), Status: 'Done' } });
			return r.json.Result.TaskInfo[0];
		});
		expect(task).toEqual(expect.objectContaining({ TaskId: taskId, DataType: 'uri', Status: 'Done', Total: 4, Success: 3, Fail: 1, Retry: 0, WorkflowParameter: '{"Scale":2}' }));
		const details = await call('GetImageAIDetails', { query: { QueueId: q, ServiceId: 'svc1', TaskId: taskId, ...window(), Limit: 100 } });
		expect(details.json.Result.Total).toBe(4);
		const failed = details.json.Result.ExecInfo.find((e: any) => e.Status === 'Fail');
		expect(failed.ExecOutput).toEqual({ Output: '', ErrCode: '615011', ErrMsg: expect.any(String) });
		for (const info of details.json.Result.ExecInfo.filter((e: any) => e.Status === 'Success')) {
			const out = JSON.parse(info.ExecOutput.Output);
			const bytes = sb.files(`${sb.url}/files/veimagex/${out.ObjectKey}`)!;
			expect(bytes.length).toBe(out.Size);
			expect(imageSize(bytes)?.format).toBe(out.Format);
			const fetched = await fetch(`${sb.url}/files/veimagex/${out.ObjectKey}`);
			expect(fetched.headers.get('content-type')).toBe(`image/${out.Format}`);
			expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
		}
		const onlyFail = await call('GetImageAIDetails', { query: { QueueId: q, ServiceId: 'svc1', ...window(), Limit: 1, Status: 'Fail' } });
		expect(onlyFail.json.Result.ExecInfo.map((e: any) => e.ExecInput.ObjectKey)).toEqual(['x/sandbox-fail.png']);
	});

	test('a paused queue holds its tasks until Running', async () => {
		const q = (await call('CreateImageAIProcessQueue', { body: { Name: 'p', Attribute: 'bgfill' } })).json.Result.QueueId;
		const taskId = (await call('CreateImageAITask', { body: taskBody(q, ['a.png']) })).json.Result.TaskId;
		await new Promise((r) => setTimeout(r, 50));
		const details = await call('GetImageAIDetails', { query: { QueueId: q, ServiceId: 'svc1', TaskId: taskId, ...window(), Limit: 10 } });
		expect(details.json.Result.ExecInfo[0].Status).toBe('Pending');
		await call('UpdateImageAIProcessQueueStatus', { body: { Id: q, Status: 'Running' } });
		await waitFor(async () => (await call('GetImageAITasks', { query: { QueueId: q, ...window(), Status: 'Done' } })).json.Result.TaskInfo[0]);
	});

	test('GetImageAITasks: Marker/HasMore paging, Limit ≤ 1000, 7-day window', async () => {
		const q = await defaultQueueId();
		for (let i = 0; i < 3; i++) await call('CreateImageAITask', { body: taskBody(q, [`${i}.png`]) });
		const first = await call('GetImageAITasks', { query: { QueueId: q, ...window(), Limit: 2 } });
		expect(first.json.Result).toEqual(expect.objectContaining({ QueueId: q, HasMore: true, Marker: expect.any(String) }));
		expect(first.json.Result.TaskInfo).toHaveLength(2);
		const second = await call('GetImageAITasks', { query: { QueueId: q, ...window(), Limit: 2, Marker: first.json.Result.Marker } });
		expect(second.json.Result).toEqual(expect.objectContaining({ HasMore: false, Marker: '' }));
		expect(second.json.Result.TaskInfo).toHaveLength(1);
		expectError(await call('GetImageAITasks', { query: { QueueId: q, ...window(), Limit: 1001 } }), 400, 'InvalidParameter');
		expectError(await call('GetImageAITasks', { query: { QueueId: q, StartTime: now() - 8 * 86400, EndTime: now() } }), 400, 'InvalidParameter');
		expectError(await call('GetImageAIDetails', { query: { QueueId: q, ...window() } }), 400, 'InvalidParameter');
	});

	test('CreateImageAITask validation: DataList ≤ 10 000, DataType, JSON-only CallbackConf, queue exists', async () => {
		const q = await defaultQueueId();
		const tooMany = Array.from({ length: 10_001 }, (_, i) => `${i}.png`);
		expectError(await call('CreateImageAITask', { body: taskBody(q, tooMany) }), 400, 'InvalidParameter');
		expectError(await call('CreateImageAITask', { body: taskBody(q, ['a.png'], { DataType: 'file' }) }), 400, 'InvalidParameter');
		expectError(await call('CreateImageAITask', { body: taskBody(q, ['a.png'], { DataType: 'url' }) }), 400, 'InvalidParameter');
		expectError(await call('CreateImageAITask', { body: taskBody(q, ['a.png'], { WorkflowParameter: 'not json' }) }), 400, 'InvalidParameter');
		expectError(await call('CreateImageAITask', { body: taskBody(q, ['a.png'], { CallbackConf: { Method: 'HTTP', Endpoint: 'http://127.0.0.1:9/', DataFormat: 'XML' } }) }), 400, 'InvalidParameter');
		expectError(await call('CreateImageAITask', { body: taskBody('nope', ['a.png']) }), 404, 'ResourceNotFound');
		expectError(await call('CreateImageAITask', { body: taskBody(q, []) }), 400, 'InvalidParameter');
	});

	test('DeleteImageAIProcessDetail (EntryId or Entries) and CreateImageAIProcessCallback', async () => {
		const q = await defaultQueueId();
		const taskId = (await call('CreateImageAITask', { body: taskBody(q, ['a.png', 'b.png', 'c.png']) })).json.Result.TaskId;
		await waitFor(async () => (await call('GetImageAITasks', { query: { QueueId: q, TaskId: taskId, ...window(), Status: 'Done' } })).json.Result.TaskInfo[0]);
		const ids = (await call('GetImageAIDetails', { query: { QueueId: q, ServiceId: 'svc1', ...window(), Limit: 10 } })).json.Result.ExecInfo.map((e: any) => e.EntryId);
		expectError(await call('CreateImageAIProcessCallback', { body: { EntryId: ids[0] } }), 400, 'InvalidParameter');
		expect((await call('DeleteImageAIProcessDetail', { body: { EntryId: ids[0] } })).status).toBe(200);
		expect((await call('DeleteImageAIProcessDetail', { body: { Entries: [ids[1]] } })).status).toBe(200);
		expectError(await call('DeleteImageAIProcessDetail', { body: {} }), 400, 'InvalidParameter');
		expectError(await call('DeleteImageAIProcessDetail', { body: { EntryId: ids[0] } }), 404, 'ResourceNotFound');
		const left = await call('GetImageAIDetails', { query: { QueueId: q, ServiceId: 'svc1', ...window(), Limit: 10 } });
		expect(left.json.Result.ExecInfo.map((e: any) => e.EntryId)).toEqual([ids[2]]);
	});

	test('AIProcess is synchronous and needs Input inside WorkflowParameter', async () => {
		const ok = await call('AIProcess', { body: { ServiceId: 's', WorkflowTemplateId: 'system_workflow_product_img', WorkflowParameter: JSON.stringify({ Input: { ObjectKey: 'p.png', DataType: 'uri' } }) } });
		const out = JSON.parse(ok.json.Result.Output);
		expect(out).toEqual({ ObjectKey: expect.stringMatching(/^veImageX-store\/product_img\/.+\.png$/), Size: expect.any(Number), Format: 'png' });
		expect(sb.files(`${sb.url}/files/veimagex/${out.ObjectKey}`)?.length).toBe(out.Size);
		expectError(await call('AIProcess', { body: { ServiceId: 's', WorkflowTemplateId: 't', WorkflowParameter: '{}' } }), 400, 'InvalidParameter');
	});
});

describe('gateway behaviour', () => {
	test('wrong method -> 405 MethodNotAllowed; unknown action/version -> 404; missing Action -> 400', async () => {
		expectError(await call('GetImageAIProcessQueues', { method: 'POST', body: { Limit: 10 } }), 405, 'MethodNotAllowed');
		expectError(await call('CreateImageAIProcessQueue', { method: 'GET', query: { Name: 'x' } }), 405, 'MethodNotAllowed');
		expectError(await call('UpdateImageAITaskStatus', { method: 'POST' }), 404, 'InvalidActionOrVersion');
		expectError(await call('GetImageAIProcessQueues', { version: '2018-08-01', query: { Limit: 1 } }), 404, 'InvalidActionOrVersion');
		expectError(await call('', { method: 'GET' }), 400, 'MissingParameter');
	});

	test('cn-north-1-only actions answer InvalidActionOrVersion in other regions; queue APIs are regional', async () => {
		const region = 'ap-southeast-1';
		expectError(await call('CreateImageAITask', { region, body: taskBody('q', ['a.png']) }), 404, 'InvalidActionOrVersion');
		expectError(await call('GetImageAITasks', { region, query: { QueueId: 'q', ...window() } }), 404, 'InvalidActionOrVersion');
		expectError(await call('GetImageAIDetails', { region, query: { QueueId: 'q', ...window(), Limit: 1 } }), 404, 'InvalidActionOrVersion');
		expectError(await call('AIProcess', { region, body: {} }), 404, 'InvalidActionOrVersion');
		const sg = await call('GetImageAIProcessQueues', { region, query: { Limit: 10 } });
		expect(sg.json.ResponseMetadata.Region).toBe(region);
		expect(sg.json.Result.Queues[0].Id).not.toBe(await defaultQueueId());
		expect(sb.requests.filter((r) => r.region === region).map((r) => r.status)).toEqual([404, 404, 404, 404, 200]);
	});
});
