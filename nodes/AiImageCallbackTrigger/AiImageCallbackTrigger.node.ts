import { NodeConnectionTypes } from 'n8n-workflow';
import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { properties } from './description';
import { veImageXCheckExists, veImageXCreate, veImageXDelete } from './veimagex/registration';
import { veImageXWebhook } from './veimagex/webhook';
import { vodCheckExists, vodCreate, vodDelete } from './vod/registration';
import { assertVodVerifiable, vodVerifiable } from './vod/verify';
import { vodWebhook } from './vod/webhook';

function isVod(ctx: IHookFunctions | IWebhookFunctions): boolean {
	return ctx.getNodeParameter('provider', 'veImageX') === 'vod';
}

export class AiImageCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AI Image Callback Trigger',
		name: 'aiImageCallbackTrigger',
		icon: { light: 'file:../../icons/trigger.svg', dark: 'file:../../icons/trigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"] === "vod" ? "Alibaba Cloud VOD events" : "veImageX queue callbacks"}}',
		description: 'Starts the workflow when veImageX or Alibaba Cloud VOD reports AI image results',
		defaults: { name: 'AI Image Callback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'volcengineImageXApi',
				required: false,
				displayOptions: { show: { provider: ['veImageX'] } },
			},
			{
				name: 'aliyunVodApi',
				required: false,
				displayOptions: { show: { provider: ['vod'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The answer is written as soon as the call is accepted; the workflow runs afterwards.
				responseMode: 'onReceived',
				responseData: '',
				path: 'ai-image-callback',
			},
		],
		properties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// An unusable VOD setup reports "missing" so that create() runs and explains why activation fails.
				if (isVod(this)) return vodVerifiable(this) && (await vodCheckExists.call(this));
				return await veImageXCheckExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!isVod(this)) return await veImageXCreate.call(this);
				assertVodVerifiable(this);
				return await vodCreate.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return isVod(this) ? await vodDelete.call(this) : await veImageXDelete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return isVod(this) ? await vodWebhook.call(this) : await veImageXWebhook.call(this);
	}
}
