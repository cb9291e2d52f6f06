// The workflows scripts/test-n8n-queue.ts imports into the queue-mode n8n. Work is started the way queue-mode users
// start it: a production Webhook node (answering at once) on the webhook processor, so the execution is enqueued in
// Redis and run by a worker. The input items come in the request body and are split into items by n8n's Split Out
// node (no Code node: a Code node would need a task runner per worker, which only costs CPU here).
import { randomUUID } from 'node:crypto';
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { loadExample, nodeOfType, setParameters, type ExampleWorkflow } from '../demo/examples';
import { PACKAGE } from './n8n-app';

export interface QueueWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: IDataObject;
	active: boolean;
}

export const CREDENTIALS = {
	volcengine: { volcengineImageXApi: { id: 'sbVolc', name: 'veImageX (sandbox)' } },
	/** VOD in cn-shanghai: scenarios 1 and 4. */
	vodShanghai: { aliyunVodApi: { id: 'sbVodSh', name: 'VOD cn-shanghai (sandbox)' } },
	/** The id the trigger examples reference; here a cn-beijing credential, so the region-wide callback the VOD
	 *  trigger registers never receives the jobs of scenarios 1 and 4 (cn-shanghai). Scenario 3 submits with it. */
	vodBeijing: { aliyunVodApi: { id: 'sandbox-aliyun-vod', name: 'Alibaba Cloud VOD (sandbox)' } },
	/** The id the veImageX trigger example references. */
	volcengineTrigger: { volcengineImageXApi: { id: 'sandbox-volcengine', name: 'Volcengine veImageX (sandbox)' } },
};

const at = (x: number, y = 0): [number, number] => [x, y];

/** Webhook (POST /webhook/<path>, answers "Workflow was started") -> Split Out (body.<field>) -> `work`. */
export function webhookStarted(id: string, path: string, field: string, work: Omit<INode, 'id' | 'position'>, after: INode[] = []): QueueWorkflow {
	const nodes: INode[] = [
		{
			id: `${id}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: at(0),
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
		{ id: `${id}-split`, name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: at(200), parameters: { fieldToSplitOut: `body.${field}`, options: {} } },
		{ ...work, id: `${id}-work`, position: at(400) },
		...after,
	];
	const connections: IConnections = {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
		'Split Out': { main: [[{ node: work.name, type: 'main', index: 0 }]] },
	};
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** Scenario 1: Job -> Submit with Wait for Completion (scenario 3 submits without waiting, in cn-beijing). */
export function vodSubmit(id: string, path: string, templateId: string, wait = true, credentials: IDataObject = CREDENTIALS.vodShanghai): QueueWorkflow {
	return webhookStarted(id, path, 'videos', {
		name: 'Submit',
		type: `${PACKAGE}.aliyunVodAiImage`,
		typeVersion: 1,
		credentials: credentials as INode['credentials'],
		parameters: {
			resource: 'job',
			operation: 'submit',
			videoId: '={{ $json.videoId }}',
			aiTemplateId: { __rl: true, mode: 'id', value: templateId },
			waitForCompletion: wait,
			...(wait ? { waitOptions: { pollIntervalSeconds: 2, maxPollIntervalSeconds: 5, timeoutSeconds: 900 } } : {}),
		},
	});
}

const veImageXTask = (queueId: string): IDataObject => ({
	resource: 'task',
	serviceId: 'demo-service',
	queueId: { __rl: true, mode: 'id', value: queueId },
	imageSource: 'field',
	imageField: 'url',
	workflowTemplateId: { __rl: true, mode: 'id', value: 'system_workflow_ai_super_resolution' },
	workflowParameter: '{}',
});

/** Scenario 2: Task -> Create with Wait for Completion, `imagesPerTask` images per CreateImageAITask call
 *  (scenario 3 creates without waiting: the results go to the queue's callback, the trigger). */
export function veImageXCreate(id: string, path: string, queueId: string, imagesPerTask: number, wait = true): QueueWorkflow {
	return webhookStarted(id, path, 'images', {
		name: 'Create',
		type: `${PACKAGE}.veImageXAiQueue`,
		typeVersion: 1,
		credentials: CREDENTIALS.volcengine,
		parameters: {
			...veImageXTask(queueId),
			operation: 'create',
			waitForCompletion: wait,
			...(wait ? { pollIntervalSeconds: 2, waitTimeoutMinutes: 15 } : {}),
			options: { imagesPerTask },
		},
	});
}

/** Timed Out (output 0) and Done (output 1) of a waiting node, each into a No Op node. */
function waitOutputs(id: string, connections: IConnections, waitingNode: string): INode[] {
	connections[waitingNode] = { main: [[{ node: 'Timed Out', type: 'main', index: 0 }], [{ node: 'Done', type: 'main', index: 0 }]] };
	return [
		{ id: `${id}-out`, name: 'Timed Out', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: at(600, -100), parameters: {} },
		{ id: `${id}-done`, name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: at(600, 100), parameters: {} },
	];
}

/** Scenario 4: Job -> Submit and Wait for Callback. */
export function vodWaitForCallback(id: string, path: string, templateId: string, authKey: string): QueueWorkflow {
	const wf = webhookStarted(id, path, 'videos', {
		name: 'Wait',
		type: `${PACKAGE}.aliyunVodAiImage`,
		typeVersion: 1,
		credentials: CREDENTIALS.vodShanghai,
		parameters: {
			resource: 'job',
			operation: 'submitAndWaitForCallback',
			videoId: '={{ $json.videoId }}',
			aiTemplateId: { __rl: true, mode: 'id', value: templateId },
			callbackAuthKey: authKey,
			maxWaitMinutes: 30,
		},
	});
	wf.nodes.push(...waitOutputs(id, wf.connections, 'Wait'));
	return wf;
}

/** Scenario 4: Task -> Create and Wait for Callback. */
export function veImageXWaitForCallback(id: string, path: string, queueId: string): QueueWorkflow {
	const wf = webhookStarted(id, path, 'images', {
		name: 'Wait',
		type: `${PACKAGE}.veImageXAiQueue`,
		typeVersion: 1,
		credentials: CREDENTIALS.volcengine,
		parameters: { ...veImageXTask(queueId), operation: 'createAndWaitForCallback', maxWaitMinutes: 30 },
	});
	wf.nodes.push(...waitOutputs(id, wf.connections, 'Wait'));
	return wf;
}

/** Scenario 3: the two trigger examples as a user imports them (queue picked, auth key typed in). */
export function triggerWorkflows(queueId: string, authKey: string): { vei: TriggerWorkflow; vod: TriggerWorkflow } {
	const vei = loadExample('veimagex-callback-trigger');
	const veiTrigger = nodeOfType(vei, 'veImageXAiQueueTrigger').name;
	setParameters(vei, veiTrigger, { queueId: { __rl: true, mode: 'id', value: queueId } });
	const vod = loadExample('vod-callback-trigger');
	const vodTrigger = nodeOfType(vod, 'aliyunVodAiImageTrigger').name;
	setParameters(vod, vodTrigger, { authKey });
	return { vei: { ...vei, id: 'q3VeiTrigger', triggerNode: veiTrigger }, vod: { ...vod, id: 'q3VodTrigger', triggerNode: vodTrigger } };
}

export type TriggerWorkflow = ExampleWorkflow & { id: string; triggerNode: string };
