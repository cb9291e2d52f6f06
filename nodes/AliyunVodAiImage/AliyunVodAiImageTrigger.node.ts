import { NodeConnectionTypes } from 'n8n-workflow';
import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { callbackWebhook } from '../shared/callbackTrigger/description';
import { aliyunVodApiTest } from './methods/credentialTest';
import { properties } from './trigger/description';
import { vodCheckExists, vodCreate, vodDelete } from './trigger/registration';
import { assertVodVerifiable, vodVerifiable } from './trigger/verify';
import { vodWebhook } from './trigger/webhook';

/**
 * VOD event notifications. Named after the action node (`aliyunVodAiImage` + `Trigger`) so n8n's node creator lists
 * it under that node's Triggers; the callback plumbing is shared with the veImageX trigger (nodes/shared/callbackTrigger).
 */
export class AliyunVodAiImageTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba VOD AI Image Trigger',
		name: 'aliyunVodAiImageTrigger',
		icon: { light: 'file:../../icons/vod.svg', dark: 'file:../../icons/vod.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["eventFilter"] === "all" ? "All VOD events" : "AI image jobs" }}',
		description: 'Starts the workflow when Alibaba Cloud VOD reports a finished AI image job (signed event notifications)',
		defaults: { name: 'Alibaba VOD AI Image Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aliyunVodApi', required: false, testedBy: 'aliyunVodApiTest' }],
		webhooks: [callbackWebhook],
		properties,
	};

	/** The action node's credential test (same credential). */
	methods = { credentialTest: { aliyunVodApiTest } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// An unusable setup reports "missing" so that create() runs and explains why activation fails.
				return vodVerifiable(this) && (await vodCheckExists.call(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				assertVodVerifiable(this);
				return await vodCreate.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await vodDelete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await vodWebhook.call(this);
	}
}
