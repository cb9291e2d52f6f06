import { NodeConnectionTypes } from 'n8n-workflow';
import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { callbackWebhook } from '../shared/callbackTrigger/description';
import { listSearch } from './methods';
import { volcengineImageXApiTest } from './methods/credentialTest';
import { properties } from './trigger/description';
import { veImageXCheckExists, veImageXCreate, veImageXDelete } from './trigger/registration';
import { veImageXWebhook } from './trigger/webhook';

/**
 * veImageX queue callbacks. Named after the action node (`veImageXAiQueue` + `Trigger`) so n8n's node creator lists
 * it under that node's Triggers; the callback plumbing is shared with the VOD trigger (nodes/shared/callbackTrigger).
 */
export class VeImageXAiQueueTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'veImageX AI Queue Trigger',
		name: 'veImageXAiQueueTrigger',
		icon: { light: 'file:../../icons/veimagex.svg', dark: 'file:../../icons/veimagex.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["callbackType"] === "task" ? "Task finished" : "Image processed" }}',
		description: 'Starts the workflow when a veImageX AI process queue reports a processed image or a finished task',
		defaults: { name: 'veImageX AI Queue Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'volcengineImageXApi', required: false, testedBy: 'volcengineImageXApiTest' }],
		webhooks: [callbackWebhook],
		properties,
	};

	/** The action node's queue picker and credential test (same credential). */
	methods = { listSearch: { searchQueues: listSearch.searchQueues }, credentialTest: { volcengineImageXApiTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await veImageXCheckExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await veImageXCreate.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await veImageXDelete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await veImageXWebhook.call(this);
	}
}
