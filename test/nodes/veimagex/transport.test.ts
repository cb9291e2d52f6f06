/**
 * Transport behaviour the sandbox cannot show: a server-given Retry-After, and transport failures that prove a
 * submit never arrived (retried) versus ones where it may have arrived (not retried). nock stands in for the cloud.
 */
import nock from 'nock';
import { sleep, type IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';

import { runNode } from '../../harness';

const HOST = 'http://veimagex.nock.test';
const credentials = {
	volcengineImageXApi: {
		accessKeyId: 'AKLTnocktest',
		secretAccessKey: 'nock-secret-value',
		sessionToken: '',
		region: 'cn-north-1',
		endpoint: `${HOST}/veimagex`,
		service: 'imagex',
	},
};

const ok = (result: IDataObject) => ({ ResponseMetadata: { RequestId: 'req-ok', Action: 'x', Version: '2023-05-01' }, Result: result });
const fail = (code: string, message: string) => ({ ResponseMetadata: { RequestId: 'req-err', Error: { Code: code, CodeN: 100018, Message: message } } });

const submitTask = {
	resource: 'task',
	operation: 'create',
	serviceId: 'svc',
	queueId: { __rl: true, mode: 'id', value: 'q1' },
	imageField: 'url',
	workflowTemplateId: { __rl: true, mode: 'id', value: 'system_workflow_ai_super_resolution' },
	workflowParameter: '{}',
};
const oneImage = [{ url: 'https://cdn.example.com/a.png' }];

beforeAll(() => nock.disableNetConnect());
beforeEach(() => nock.enableNetConnect('127.0.0.1'));
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('veImageX transport (nock)', () => {
	test('429 FlowLimitExceeded with Retry-After: the retry waits at least that long, then succeeds', async () => {
		const arrivals: number[] = [];
		nock(HOST)
			.get('/veimagex')
			.query(true)
			.reply(() => {
				arrivals.push(Date.now());
				return [429, fail('FlowLimitExceeded', 'slow down'), { 'Retry-After': '1' }];
			})
			.get('/veimagex')
			.query(true)
			.reply(() => {
				arrivals.push(Date.now());
				return [200, ok({ Queues: [{ Id: 'q1', Name: 'one' }], Total: 1 })];
			});
		const { items, error } = await runNode({
			type: 'veImageXAiQueue',
			parameters: { resource: 'queue', operation: 'getAll', returnAll: true },
			credentials,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.Id)).toEqual(['q1']);
		expect(arrivals).toHaveLength(2);
		// A lower bound only (sleep never returns early): the server's delay was honoured.
		expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(990);
	});

	test('a submit refused at connect time (it never arrived) is retried until the server is up, and sent once', async () => {
		// Find a free loopback port, leave it closed for a while, then start the sandbox on it.
		const first = await startSandbox({ port: 0 });
		const port = Number(new URL(first.url).port);
		await first.stop();
		let sb: Sandbox | undefined;
		try {
			const later = sleep(700).then(async () => (sb = await startSandbox({ port, speed: 'fast', quotas: true })));
			const result = runNode({
				type: 'veImageXAiQueue',
				parameters: submitTask,
				credentials: {
					volcengineImageXApi: {
						accessKeyId: 'AKLTsandboxdemo',
						secretAccessKey: 'sandbox-demo-secret-volcengine',
						sessionToken: '',
						region: 'cn-north-1',
						endpoint: `http://127.0.0.1:${port}/veimagex`,
						service: 'imagex',
					},
				},
				input: oneImage,
			});
			await later;
			const { error } = await result;
			const creates = sb!.requests.filter((r) => r.action === 'CreateImageAITask');
			// It arrived exactly once: the refusals before were retried, the fresh sandbox's answer (no queue q1) was
			// not, since a definite provider error is final.
			expect(creates).toHaveLength(1);
			expect(creates[0].status).toBe(404);
			expect(error?.message).toMatch(/^veImageX error ResourceNotFound: queue q1 does not exist/);
		} finally {
			await sb?.stop();
		}
	});

	test('a 503 on a submit is not retried; the same on a read is', async () => {
		nock(HOST).post('/veimagex').query(true).times(3).reply(503, fail('ServiceUnavailableTemp', 'busy'));
		const submit = await runNode({ type: 'veImageXAiQueue', parameters: submitTask, credentials, input: oneImage });
		expect(submit.error?.message).toMatch(/ServiceUnavailableTemp/);
		expect(submit.error?.description).toMatch(/Temporary veImageX problem/);
		expect(nock.pendingMocks()).toHaveLength(1);
		nock.cleanAll();

		nock(HOST)
			.get('/veimagex')
			.query(true)
			.reply(503, fail('ServiceUnavailableTemp', 'busy'))
			.get('/veimagex')
			.query(true)
			.reply(200, ok({ Queues: [], Total: 0 }));
		const read = await runNode({
			type: 'veImageXAiQueue',
			parameters: { resource: 'queue', operation: 'getAll', returnAll: true },
			credentials,
		});
		expect(read.error).toBeUndefined();
		expect(nock.isDone()).toBe(true);
	});

	test('an error envelope with HTTP 200 is still an error, with code, RequestId and no secret', async () => {
		nock(HOST).get('/veimagex').query(true).reply(200, fail('LackPolicy', 'no permission'));
		const { error } = await runNode({
			type: 'veImageXAiQueue',
			parameters: { resource: 'queue', operation: 'getAll', returnAll: true },
			credentials,
		});
		expect(error?.message).toBe('veImageX error LackPolicy: no permission (RequestId req-err)');
		expect(error?.description).toMatch(/IAM/);
		expect(JSON.stringify(error)).not.toContain('nock-secret-value');
	});
});
