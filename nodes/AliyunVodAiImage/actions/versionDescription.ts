import type { INodeProperties } from 'n8n-workflow';

import { throttleBudgetField } from '../../shared/throttleBudget';

import * as callbackSettings from './callbackSettings';
import * as image from './image';
import * as job from './job';
import * as template from './template';

/**
 * The parameters of version 1. The description's header (name, icon, credentials…) lives in
 * AliyunVodAiImage.node.ts because n8n's lint rules read it from the node file itself.
 */
export const versionProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Callback Setting', value: 'callbackSettings', description: 'Region-wide event callback settings' },
			{ name: 'Image', value: 'image', description: 'Thumbnails produced for a video' },
			{ name: 'Job', value: 'job', description: 'AI image (smart thumbnail) jobs' },
			{ name: 'Template', value: 'template', description: 'AI templates used by jobs' },
		],
		default: 'job',
	},
	...job.description,
	...image.description,
	...template.description,
	...callbackSettings.description,
	throttleBudgetField,
];
