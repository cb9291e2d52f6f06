import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import * as job from './actions/job';
import { router } from './actions/router';
import { operationSubtitle } from '../shared/subtitle';
import { outputsFor, resumeWebhook, resumeWebhookMethods } from '../shared/waitForCallback/description';
import { versionProperties } from './actions/versionDescription';
import { aliyunVodApiTest } from './methods/credentialTest';
import { searchAiImageTemplates } from './methods/listSearch';

export class AliyunVodAiImage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba VOD AI Image',
		name: 'aliyunVodAiImage',
		icon: { light: 'file:../../icons/vod.svg', dark: 'file:../../icons/vod.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(versionProperties),
		description: 'Create smart thumbnails (AI image jobs) for ApsaraVideo VOD videos and manage their templates, images and callbacks',
		defaults: { name: 'Alibaba VOD AI Image' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Two outputs (Timed Out, Done) only for Submit and Wait for Callback.
		outputs: outputsFor(job.submitAndWaitForCallback.OPERATION),
		// testedBy: the modal's test runs the transport and shows the provider's code, message and RequestId.
		credentials: [{ name: 'aliyunVodApi', required: true, testedBy: 'aliyunVodApiTest' }],
		webhooks: [resumeWebhook],
		properties: versionProperties,
	};

	methods = { listSearch: { searchAiImageTemplates }, credentialTest: { aliyunVodApiTest } };

	webhookMethods = resumeWebhookMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('operation', 0) === job.submitAndWaitForCallback.OPERATION) {
			return await job.submitAndWaitForCallback.execute.call(this);
		}
		return await router.call(this);
	}

	/** Only resumes a waiting Submit and Wait for Callback (the webhook is a `restartWebhook`). */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await job.submitAndWaitForCallback.webhook.call(this);
	}
}
