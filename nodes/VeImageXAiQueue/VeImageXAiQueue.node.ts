import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/subtitle';
import { throttleBudgetField } from '../shared/throttleBudget';

import * as entry from './actions/entry';
import * as processResource from './actions/process';
import * as queue from './actions/queue';
import { router } from './actions/router';
import * as task from './actions/task';
import { outputsFor, resumeWebhook, resumeWebhookMethods } from '../shared/waitForCallback/description';
import { listSearch } from './methods';
import { volcengineImageXApiTest } from './methods/credentialTest';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'task',
		options: [
			{ name: 'Entry', value: 'entry', description: 'One image of a task and its result' },
			{ name: 'Process', value: 'process', description: 'Process one image synchronously' },
			{ name: 'Queue', value: 'queue', description: 'An AI process queue' },
			{ name: 'Task', value: 'task', description: 'A batch of images submitted to a queue' },
		],
	},
	...queue.description,
	...task.description,
	...entry.description,
	...processResource.description,
	throttleBudgetField,
];

export class VeImageXAiQueue implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'veImageX AI Queue',
		name: 'veImageXAiQueue',
		icon: { light: 'file:../../icons/veimagex.svg', dark: 'file:../../icons/veimagex.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description: 'Batch AI image processing with Volcengine veImageX: queues, tasks and results',
		defaults: { name: 'veImageX AI Queue' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Two outputs (Timed Out, Done) only for Create and Wait for Callback.
		outputs: outputsFor(task.createAndWaitForCallback.OPERATION),
		// testedBy: the modal's test runs the transport and shows the provider's code, message and RequestId.
		credentials: [{ name: 'volcengineImageXApi', required: true, testedBy: 'volcengineImageXApiTest' }],
		webhooks: [resumeWebhook],
		properties,
	};

	methods = { listSearch, credentialTest: { volcengineImageXApiTest } };

	webhookMethods = resumeWebhookMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0) === task.createAndWaitForCallback.OPERATION) {
			return await task.createAndWaitForCallback.execute.call(this);
		}
		return await router.call(this);
	}

	/** Only resumes a waiting Create and Wait for Callback (the webhook is a `restartWebhook`). */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await task.createAndWaitForCallback.webhook.call(this);
	}
}
