/**
 * Service picker (GetAllImageServices, Version 2018-08-01) and the Service resource locator: list search on n8n's
 * LoadOptionsContext against the sandbox, both locator modes and the legacy plain string reaching the API, and the
 * services' URL-signing keys (PrimaryKey/SecondaryKey) never surfacing.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodeType } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { MANUAL_TRIGGER_TYPE } from '../../harness';
import { createEngine, fullType } from '../../harness/context';
import { loadPackage } from '../../harness/package-loader';
import { volcCall } from '../../sandbox/volcengine-client';
import { byId, calls, createQueue, credentialsOf, run, startVeImageXSandbox, taskCreateParams, urls } from './helpers';

let sb: Sandbox;
let secrets: string[];

beforeAll(async () => {
	sb = await startVeImageXSandbox();
	// What the real answer carries besides IDs and names: read straight from the emulator to search outputs for it.
	const answer = await volcCall({
		endpoint: sb.veimagexEndpoint, action: 'GetAllImageServices', version: '2018-08-01', method: 'GET',
		key: { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey },
	});
	secrets = (answer.json.Result.Services as IDataObject[]).flatMap((s) => [String(s.PrimaryKey), String(s.SecondaryKey)]);
	expect(secrets.every((s) => s.length >= 16)).toBe(true);
});
afterAll(async () => await sb.stop());

async function searchServices(filter?: string, credentialOverride: IDataObject = {}): Promise<INodeListSearchResult> {
	const loader = await loadPackage();
	const nodeType = loader.nodeTypes.veImageXAiQueue.type as INodeType;
	const node = {
		id: 'n', name: 'veImageX', type: await fullType('veImageXAiQueue'), typeVersion: 1,
		position: [0, 0] as [number, number], parameters: {},
		credentials: { volcengineImageXApi: { id: 'volcengineImageXApi', name: 'volcengineImageXApi' } },
	};
	const start = { id: 's', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const { workflow, additionalData } = await createEngine({
		nodes: [start, node], connections: {}, credentials: credentialsOf(sb, credentialOverride), mode: 'manual',
	});
	const context = new LoadOptionsContext(workflow, node, additionalData, 'serviceId') as unknown as ILoadOptionsFunctions;
	return (await nodeType.methods!.listSearch!.searchServices.call(context, filter)) as INodeListSearchResult;
}

function expectNoSecrets(value: unknown) {
	const text = JSON.stringify(value);
	expect(text).not.toMatch(/PrimaryKey|SecondaryKey/);
	for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('veImageX AI Queue – service picker', () => {
	test('lists "ServiceName (ServiceId)" of every service; the filter is sent as SearchPtn with Version 2018-08-01', async () => {
		const before = calls(sb, 'GetAllImageServices').length;
		const all = await searchServices();
		expect(all.results).toEqual([
			{ name: 'n8n-demo (demo-service)', value: 'demo-service' },
			{ name: 'product-images (zh8k1q3p7w)', value: 'zh8k1q3p7w' },
		]);
		expect(all.paginationToken).toBeUndefined();
		const filtered = await searchServices('  product ');
		expect(filtered.results.map((r) => r.value)).toEqual(['zh8k1q3p7w']);
		const sent = calls(sb, 'GetAllImageServices').slice(before);
		expect(sent.map((r) => r.status)).toEqual([200, 200]);
		expect(sent.map((r) => r.params)).toEqual([{}, { SearchPtn: 'product' }]);
		expect(sent.every((r) => r.signature === 'ok' && r.method === 'GET')).toBe(true);
		expect((await searchServices('no-such-service')).results).toEqual([]);
		expectNoSecrets([all, filtered]);
	});

	test('works outside cn-north-1 (service management is not one of the cn-north-1-only AI actions)', async () => {
		const result = await searchServices(undefined, { region: 'ap-singapore-1' });
		expect(result.results.map((r) => r.value)).toEqual(['demo-service', 'zh8k1q3p7w']);
		expect(calls(sb, 'GetAllImageServices').at(-1)!.region).toBe('ap-singapore-1');
		expectNoSecrets(result);
	});

	test('a provider error of the picker is a NodeApiError with Code and RequestId, without secrets', async () => {
		const error = await searchServices(undefined, { secretAccessKey: 'wrong-secret-value' }).then(
			() => undefined,
			(e: unknown) => e as { message: string; context?: IDataObject; description?: string },
		);
		expect(error).toBeDefined();
		expect(JSON.stringify({ message: error!.message, context: error!.context, description: error!.description })).toMatch(/SignatureDoesNotMatch/);
		expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
	});

	test('a failing picker says which list and action failed, with the provider code, and what to check – not a cn-north-1 hint', async () => {
		const error = await searchServices(undefined, { secretAccessKey: 'another-wrong-secret' }).then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);
		expect(error?.message).toMatch(/^Could not load the veImageX services: GetAllImageServices failed: veImageX error SignatureDoesNotMatch: .+\(RequestId [^)]+\)\. Check the Secret Access Key/);
		expect(error?.description).toMatch(/^Check the Secret Access Key/);
		expect(`${error?.message} ${error?.description}`).not.toMatch(/cn-north-1/);
		expect(JSON.stringify({ message: error?.message, description: error?.description, error })).not.toContain('another-wrong-secret');
	});
});

describe('veImageX AI Queue – Service locator', () => {
	test('Task Create sends the ServiceId from "From List", "By ID" and a legacy plain string alike', async () => {
		const queueId = await createQueue(sb, 'services-locator', { isStart: false });
		const shapes = [
			{ __rl: true, mode: 'list', value: 'demo-service', cachedResultName: 'n8n-demo (demo-service)' },
			byId('zh8k1q3p7w'),
			'legacy-plain-id',
		];
		for (const serviceId of shapes) {
			const { items, error } = await run(sb, taskCreateParams(queueId, { serviceId }), urls(1));
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expectNoSecrets(items);
		}
		const sent = calls(sb, 'CreateImageAITask').filter((r) => r.status === 200).slice(-3);
		expect(sent.map((r) => r.params!.ServiceId)).toEqual(['demo-service', 'zh8k1q3p7w', 'legacy-plain-id']);
	});

	test('an empty service fails the item naming the field, before any request', async () => {
		const queueId = await createQueue(sb, 'services-empty', { isStart: false });
		const before = calls(sb, 'CreateImageAITask').length;
		// (An empty required locator is already refused by n8n as a workflow issue; an expression can still be empty.)
		const { error } = await run(sb, taskCreateParams(queueId, { serviceId: byId('={{ $json.service }}') }), urls(1));
		expect(error?.message).toMatch(/^Service: no service selected/);
		const processRun = await run(sb, {
			resource: 'process', operation: 'run', serviceId: byId('={{ $json.service }}'), image: 'https://x.example/y.png',
			workflowTemplateId: byId('system_workflow_ai_super_resolution'),
		}, [{}]);
		expect(processRun.error?.message).toMatch(/^Service: no service selected/);
		expect(calls(sb, 'CreateImageAITask').length).toBe(before);
		expect(calls(sb, 'AIProcess')).toHaveLength(0);
	});

	test('Process Run and the task/entry list filters read the locator too', async () => {
		const processed = await run(sb, {
			resource: 'process', operation: 'run', serviceId: { __rl: true, mode: 'list', value: 'demo-service' }, dataType: 'url',
			image: 'https://cdn.example.com/a.png', workflowTemplateId: byId('system_workflow_ai_super_resolution'), workflowParameter: '{}',
		}, [{}]);
		expect(processed.error).toBeUndefined();
		expect(calls(sb, 'AIProcess').at(-1)!.params!.ServiceId).toBe('demo-service');

		const queueId = await createQueue(sb, 'services-filters', { isStart: false });
		await run(sb, { resource: 'task', operation: 'getAll', queueId: byId(queueId), filters: { serviceId: byId('zh8k1q3p7w') } });
		await run(sb, { resource: 'task', operation: 'getAll', queueId: byId(queueId), filters: { serviceId: 'legacy-filter' } });
		expect(calls(sb, 'GetImageAITasks').slice(-2).map((r) => r.params!.ServiceId)).toEqual(['zh8k1q3p7w', 'legacy-filter']);
		await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queueId), serviceId: { __rl: true, mode: 'list', value: 'demo-service' } });
		await run(sb, { resource: 'entry', operation: 'getAll', queueId: byId(queueId), serviceId: { __rl: true, mode: 'list', value: '' } });
		expect(calls(sb, 'GetImageAIDetails').slice(-2).map((r) => r.params!.ServiceId)).toEqual(['demo-service', undefined]);
	});
});
