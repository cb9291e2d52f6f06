/** Fields used by several operations. Each operation wraps them with its own displayOptions. */
import type { INodeProperties } from 'n8n-workflow';

export const queueLocator: INodeProperties = {
	displayName: 'Queue',
	name: 'queueId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The AI process queue',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchQueues', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '67d6bc8633fabc8f36001583',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\S+$', errorMessage: 'A queue ID has no spaces' },
				},
			],
		},
	],
};

/**
 * veImageX service picker. Parameter name `serviceId` kept: workflows that stored a plain string still run (the
 * reader accepts both shapes, see helpers/fields.ts `locatorText`).
 */
export function serviceLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Service',
		name: 'serviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The veImageX service the images belong to (Service Management in the veImageX console)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchServices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 8h7kz2k8wq',
				validation: [
					{ type: 'regex', properties: { regex: '^\\S+$', errorMessage: 'A service ID has no spaces' } },
				],
			},
		],
		...overrides,
	};
}

export const serviceIdField = serviceLocator();

export const workflowTemplateLocator: INodeProperties = {
	displayName: 'Workflow Template',
	name: 'workflowTemplateId',
	type: 'resourceLocator',
	default: { mode: 'list', value: 'system_workflow_ai_super_resolution' },
	required: true,
	description: 'The AI workflow to run on each image: a system template, or any template ID from the veImageX console',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchWorkflowTemplates', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'system_workflow_ai_super_resolution' },
	],
};

export const workflowParameterField: INodeProperties = {
	displayName: 'Workflow Parameters (JSON)',
	name: 'workflowParameter',
	type: 'json',
	default: '{}',
	description:
		'Parameters of the workflow template as a JSON object, without "Input" (the node adds the image itself). See the template\'s documentation for its keys.',
};

export const dataTypeField: INodeProperties = {
	displayName: 'Image Reference Type',
	name: 'dataType',
	type: 'options',
	default: 'url',
	description: 'Whether the images are given as public web addresses or as storage URIs of the veImageX service',
	options: [
		{ name: 'URL', value: 'url', description: 'A public http(s) URL of the image' },
		{
			name: 'URI',
			value: 'uri',
			description: 'The storage URI of an image in the service, without the tos-cn-i-… prefix',
		},
	],
};

export function timeWindowFields(what: string): INodeProperties[] {
	return [
		{
			displayName: 'From',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: `Start of the time window for ${what}. Empty = 24 hours before "To". The window may be at most 7 days.`,
		},
		{
			displayName: 'To',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description: `End of the time window for ${what}. Empty = now.`,
		},
	];
}

export function returnAllFields(maxPerPage: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
			// Each request asks for at most min(limit left, page size): the hint must not promise full pages.
			hint: `Fetched in pages of up to ${maxPerPage}; a higher Limit sends several requests`,
		},
	];
}

/** Options to fetch output images into n8n binary data. */
export const downloadOptions: INodeProperties[] = [
	{
		displayName: 'Download Results',
		name: 'download',
		type: 'boolean',
		default: false,
		description:
			'Whether to download each successful output image into the item\'s binary data (needs the domain of the veImageX service)',
	},
	{
		displayName: 'Result Domain or URL Template',
		name: 'resultUrl',
		type: 'string',
		default: '',
		placeholder: 'https://images.example.com or https://images.example.com/{ObjectKey}~tplv-xyz.webp',
		displayOptions: { show: { download: [true] } },
		description:
			'A domain bound to the veImageX service (the output ObjectKey is appended) or a URL containing {ObjectKey}',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		displayOptions: { show: { download: [true] } },
		description: 'Name of the binary field that receives the output image',
	},
];
