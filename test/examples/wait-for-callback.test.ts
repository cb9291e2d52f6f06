// Runs the two wait-for-callback examples on the harness against the sandbox: resumed by the sandbox's callbacks
// (Done), and past their deadline (Timed Out -> the late-results node reads the waiting node's context).
import type { IDataObject } from 'n8n-workflow';

import { loadExample, sandboxCredentials, setParameters } from '../../demo/examples';
import { startSandbox, type Sandbox } from '../../sandbox';
import { createVodProvider } from '../../sandbox/vod';
import { waitingWorkflow, WaitingServer, type WaitingExecution } from '../harness/waiting';
import { vodCall } from '../sandbox/vod-client';
import { volcCall } from '../sandbox/volcengine-client';
import { waitFor } from '../sandbox/wait';

const AUTH_KEY = 'ExampleKey2026z';
/** Nothing listens there: callbacks fail, so only the deadline can end the wait. */
const UNREACHABLE = 'http://127.0.0.1:9';
let sb: Sandbox;
let server: WaitingServer;

beforeAll(async () => {
	// VOD jobs take 4 s here, so the node still finds them running when it checks before waiting.
	sb = await startSandbox({ port: 0, speed: 'fast', providers: { vod: createVodProvider({ jobDurationMs: 4_000_000, eventTimeStyle: 'iso' }) } });
	server = await new WaitingServer().listen();
});
afterAll(async () => {
	await server.close();
	await sb.stop();
});

const volcKey = () => ({ accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey });
const vodKey = () => ({ accessKeyId: sb.credentials.aliyun.accessKeyId, secret: sb.credentials.aliyun.accessKeySecret });

async function queue(start: boolean): Promise<string> {
	const answer = await volcCall({ endpoint: sb.veimagexEndpoint, action: 'CreateImageAIProcessQueue', key: volcKey(), body: { Name: `example-${Date.now()}`, Attribute: 'ai_super_resolution', IsStart: start } });
	return String(answer.json.Result.QueueId);
}

async function start(file: string, waitingNode: string, values: IDataObject, baseUrl: string): Promise<WaitingExecution> {
	const wf = setParameters(loadExample(file), waitingNode, values);
	const { execution, items } = waitingWorkflow({ workflow: wf, waitingNode, credentials: sandboxCredentials(sb), baseUrl });
	server.register(execution);
	await execution.start(items);
	return execution;
}

const finished = (execution: WaitingExecution) => async () =>
	await waitFor(() => (execution.status === 'success' || execution.status === 'error' ? true : undefined), 30_000, 'resume');

describe('examples/veimagex-create-and-wait-for-callback.json', () => {
	const file = 'veimagex-create-and-wait-for-callback.json';
	const waiting = 'Create and wait for callback';

	test('Done: the task callback resumes it with every image', async () => {
		const queueId = await queue(false);
		const execution = await start(file, waiting, { queueId: { __rl: true, mode: 'id', value: queueId }, serviceId: { __rl: true, mode: 'id', value: 'demo-service' } }, server.url);
		expect(execution.status).toBe('waiting');
		await volcCall({ endpoint: sb.veimagexEndpoint, action: 'UpdateImageAIProcessQueueStatus', key: volcKey(), body: { Id: queueId, Status: 'Running' } });
		await finished(execution)();
		const done = execution.outputs()[1];
		expect(done).toHaveLength(20);
		expect(done.every((item) => item.json.Status === 'Success')).toBe(true);
		expect(execution.output('Collect late results')).toEqual([]);
	});

	test('Timed Out: the late-results node finds each item\'s task through the waiting node\'s context', async () => {
		const queueId = await queue(false);
		const execution = await start(file, waiting, { queueId: { __rl: true, mode: 'id', value: queueId }, serviceId: { __rl: true, mode: 'id', value: 'demo-service' } }, UNREACHABLE);
		expect(execution.status).toBe('waiting');
		await volcCall({ endpoint: sb.veimagexEndpoint, action: 'UpdateImageAIProcessQueueStatus', key: volcKey(), body: { Id: queueId, Status: 'Running' } });
		await execution.passDeadline();
		expect(execution.error).toBeUndefined();
		expect(execution.outputs()[0]).toHaveLength(20);
		const late = execution.output('Collect late results');
		expect(late).toHaveLength(20);
		expect(late.every((item) => item.json.Status === 'Success' && String(item.json.Image).includes('/demo/photo-'))).toBe(true);
	});
});

describe('examples/vod-submit-and-wait-for-callback.json', () => {
	const file = 'vod-submit-and-wait-for-callback.json';
	const waiting = 'Submit and wait for callback';
	let templateId = '';

	beforeAll(async () => {
		const vod = (action: string, params: Record<string, string>) => vodCall({ endpoint: sb.vodEndpoint('cn-shanghai'), action, params, key: vodKey() });
		await vod('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${server.url}/unused`, EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: AUTH_KEY });
		const templates = (await vod('ListAITemplate', { TemplateType: 'AIImage' })).json.TemplateInfoList as IDataObject[];
		templateId = String(templates.find((t) => t.IsDefault === 'Default')?.TemplateId);
	});

	const values = () => ({ aiTemplateId: { __rl: true, mode: 'id', value: templateId }, callbackAuthKey: AUTH_KEY });

	test('Done: the signed job events resume it with every job and its images as binary data', async () => {
		const execution = await start(file, waiting, values(), server.url);
		expect(execution.status).toBe('waiting');
		await finished(execution)();
		const done = execution.outputs()[1];
		expect(done).toHaveLength(10);
		expect(done.every((item) => item.json.Status === 'success' && Object.keys(item.binary ?? {}).length > 0)).toBe(true);
	});

	test('Timed Out: Get finds each item\'s job through the waiting node\'s context', async () => {
		const execution = await start(file, waiting, values(), UNREACHABLE);
		expect(execution.status).toBe('waiting');
		const jobs = (execution.savedContext()?.waitForCallback as { data: { jobs: Array<{ JobId: string }> } }).data.jobs;
		// The jobs finish: VOD tries to deliver each event (to nowhere).
		await waitFor(() => (jobs.every((job) => sb.callbacks.some((cb) => cb.url.startsWith(UNREACHABLE) && cb.body.includes(job.JobId))) ? true : undefined), 30_000, 'job events');
		await execution.passDeadline();
		expect(execution.error).toBeUndefined();
		const late = execution.output('Get late results');
		expect(late.map((item) => item.json.JobId)).toEqual(jobs.map((job) => job.JobId));
	});
});
