import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionProperties } from './actions/versionDescription';
import { searchAiImageTemplates } from './methods/listSearch';

export class AliyunVodAiImage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba VOD AI Image',
		name: 'aliyunVodAiImage',
		icon: { light: 'file:../../icons/vod.svg', dark: 'file:../../icons/vod.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create smart thumbnails (AI image jobs) for ApsaraVideo VOD videos and manage their templates, images and callbacks',
		defaults: { name: 'Alibaba VOD AI Image' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aliyunVodApi', required: true }],
		properties: versionProperties,
	};

	methods = { listSearch: { searchAiImageTemplates } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
