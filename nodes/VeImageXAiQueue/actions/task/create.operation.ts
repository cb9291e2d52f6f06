import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import { chunk } from '../../../shared/items';
import { MAX_IMAGES_PER_TASK } from '../../helpers/constants';
import { getDownloadSettings, type DownloadSettings } from '../../helpers/entries';
import {
	getQueueId,
	getServiceId,
	getTemplateId,
	getWorkflowParameter,
	validateCallbackEndpoint,
} from '../../helpers/fields';
import { withParameterCache } from '../../../shared/parameterCache';
import { asNodeError, failItems, failRemainingItems, readPerItem } from '../../../shared/perItem';
import { getWaitSettings, waitFields, type WaitSettings } from '../../helpers/wait';
import { veImageXRequest } from '../../transport';
import {
	dataTypeField,
	downloadOptions,
	queueLocator,
	serviceIdField,
	workflowParameterField,
	workflowTemplateLocator,
} from '../common.descriptions';
import { callbackFields } from '../queue/queue.fields';
import { attachResults, type Submission } from './results';

/** The queue's callback fields as per-task overrides: a task callback is always JSON, so no format field. */
const taskCallbackFields: INodeProperties[] = callbackFields
	.filter((field) => field.name !== 'callbackDataFormat')
	.map((field) => ({ ...field, displayName: `Task ${field.displayName}` }))
	.map((field) =>
		field.name === 'callbackEndpoint'
			? { ...field, description: "Send this task's results here (as JSON) instead of to the queue's callback URL" }
			: field,
	)
	.sort((a, b) => a.displayName.localeCompare(b.displayName));

export const properties: INodeProperties[] = [
	serviceIdField,
	queueLocator,
	dataTypeField,
	{
		displayName: 'Take Image From',
		name: 'imageSource',
		type: 'options',
		default: 'field',
		description: 'Where each input item keeps its image URL or URI',
		options: [
			{ name: 'A Field of the Input Item', value: 'field', description: 'Fastest for large batches' },
			{ name: 'An Expression', value: 'expression', description: 'Build the URL or URI per item' },
		],
	},
	{
		displayName: 'Image Field',
		name: 'imageField',
		type: 'string',
		default: 'url',
		required: true,
		displayOptions: { show: { imageSource: ['field'] } },
		placeholder: 'e.g. url or image.src',
		description: 'Name of the input field holding the image URL or URI (dots for nested fields)',
	},
	{
		displayName: 'Image URL or URI',
		name: 'image',
		type: 'string',
		default: '={{ $json.url }}',
		required: true,
		displayOptions: { show: { imageSource: ['expression'] } },
		description: 'The image of each input item',
	},
	workflowTemplateLocator,
	workflowParameterField,
	{
		displayName: 'Submit As',
		name: 'mode',
		type: 'options',
		default: 'batch',
		description: 'How images become tasks: veImageX accepts only one new task per second, so few large tasks are much faster',
		options: [
			{
				name: 'Few Large Tasks (Recommended)',
				value: 'batch',
				description:
					'Pack the images of all input items into as few tasks as possible (up to 10,000 per task): far fewer API calls',
			},
			{ name: 'One Task per Item', value: 'perItem', description: 'Each input item becomes its own task' },
		],
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description: "Whether to wait until the tasks finish and return each item's result instead of just its Task ID",
	},
	...waitFields.map((field) => ({ ...field, displayOptions: { show: { waitForCompletion: [true] } } })),
	...downloadOptions.map((field) => ({
		...field,
		displayOptions: { show: { waitForCompletion: [true], ...(field.displayOptions?.show ?? {}) } },
	})),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Images per Task',
				name: 'imagesPerTask',
				type: 'number',
				default: MAX_IMAGES_PER_TASK,
				typeOptions: { minValue: 1, maxValue: MAX_IMAGES_PER_TASK },
				description: 'Upper bound of images packed into one task (veImageX allows 10,000)',
			},
			{
				displayName: 'Retry Submission After Uncertain Failures',
				name: 'retryAmbiguous',
				type: 'boolean',
				default: false,
				description:
					'Whether to resubmit after a timeout or server error, when veImageX may already have created the task. Can create duplicate tasks (and costs); throttled submissions are always retried.',
			},
			...taskCallbackFields,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['create'] } }, properties);

interface PreparedItem {
	itemIndex: number;
	image: string;
	groupKey: string;
	body: IDataObject;
}

function readPath(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	let cursor: unknown = json;
	for (const key of path.split('.')) {
		if (!cursor || typeof cursor !== 'object') return undefined;
		cursor = (cursor as IDataObject)[key];
	}
	return cursor;
}

/** Reads the image of an item: a named field (no expression cost per item) or an expression. */
function itemImage(this: IExecuteFunctions, itemIndex: number, json: IDataObject): string {
	const source = this.getNodeParameter('imageSource', itemIndex, 'field') as string;
	let raw: unknown;
	if (source === 'field') {
		const field = String(this.getNodeParameter('imageField', itemIndex, 'url')).trim();
		if (!field) {
			throw fieldError(this.getNode(), itemIndex, 'Image Field', 'is empty', 'Enter the name of the input field holding the image URL or URI, e.g. url.');
		}
		raw = readPath(json, field);
		if (raw === undefined || raw === null || raw === '') {
			throw fieldError(
				this.getNode(),
				itemIndex,
				'Image Field',
				`this item has no value in field "${field}"`,
				'Check the field name against the input data, or remove items without an image before this node.',
			);
		}
	} else {
		raw = this.getNodeParameter('image', itemIndex, '');
	}
	return typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
}

function prepareItem(this: IExecuteFunctions, itemIndex: number, mode: string, json: IDataObject): PreparedItem {
	const serviceId = getServiceId.call(this, itemIndex);
	const queueId = getQueueId.call(this, itemIndex);
	const image = itemImage.call(this, itemIndex, json);
	if (!image) {
		throw fieldError(
			this.getNode(),
			itemIndex,
			'Image URL or URI',
			'is empty for this item',
			'Map the field that holds the image URL or URI (e.g. {{ $json.url }}); every item needs one.',
		);
	}
	const dataType = this.getNodeParameter('dataType', itemIndex, 'url') as string;
	if (dataType === 'url' && !/^https?:\/\/\S+$/i.test(image)) {
		throw fieldError(
			this.getNode(),
			itemIndex,
			'Image URL or URI',
			`"${image.slice(0, 100)}" is not an http(s) URL`,
			'Use full image URLs, or set "Image Reference Type" to URI for storage URIs.',
		);
	}
	const templateId = getTemplateId.call(this, itemIndex);
	const parameter = JSON.stringify(getWorkflowParameter.call(this, itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		ServiceId: serviceId,
		QueueId: queueId,
		WorkflowTemplateId: templateId,
		WorkflowParameter: parameter,
		DataType: dataType,
	};
	const callbackUrl = typeof options.callbackEndpoint === 'string' ? options.callbackEndpoint.trim() : '';
	if (!callbackUrl && (options.callbackType !== undefined || options.callbackArgs !== undefined)) {
		throw fieldError(
			this.getNode(),
			itemIndex,
			'Task Callback URL',
			'is missing',
			'Add the Task Callback URL under Options, or remove "Task Callback Per" and "Task Callback Passthrough Text".',
		);
	}
	if (callbackUrl) {
		body.CallbackConf = {
			Method: 'HTTP',
			Endpoint: validateCallbackEndpoint.call(this, callbackUrl, 'Task Callback URL', itemIndex),
			DataFormat: 'JSON',
			Type: options.callbackType ?? 'entry',
			Args: options.callbackArgs ?? '',
		};
	}
	// Items are packed together only when everything but the image is identical.
	const groupKey = mode === 'perItem' ? `item:${itemIndex}` : JSON.stringify(body);
	return { itemIndex, image, groupKey, body };
}

/** What Create and Create and Wait for Callback share: validation of every item, then the batched submits. */
export interface CreateTasksOptions {
	/** Replaces every task's CallbackConf (the waiting operation points all tasks at its resume URL). */
	callbackConf?: IDataObject;
	/** Reads run-wide settings after the items are validated and before anything is sent; a throw fails the run. */
	readSettings?: () => void;
}

/**
 * Default mode packs the images of ALL input items into as few CreateImageAITask calls as possible (the action
 * is limited to 1 call/s, so 25,000 items take 3 calls instead of 25,000). Each input item still gets its own
 * output item with the TaskId its image went into. Returns undefined when the settings failed (output is filled).
 */
export async function createTasks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	output: Array<INodeExecutionData | undefined>,
	createOptions: CreateTasksOptions = {},
): Promise<Submission[] | undefined> {
	const mode = this.getNodeParameter('mode', 0, 'batch') as string;
	const groups = new Map<string, PreparedItem[]>();

	// 1. Validate every item before sending anything.
	const cached = withParameterCache(this);
	for (const prepared of readPerItem(this, items, output, (itemIndex) => prepareItem.call(cached, itemIndex, mode, items[itemIndex].json))) {
		const group = groups.get(prepared.groupKey) ?? [];
		group.push(prepared);
		groups.set(prepared.groupKey, group);
	}

	// Run-wide settings are validated now too: nothing may be sent while any input is still unchecked.
	let settingsFailure: unknown;
	try {
		createOptions.readSettings?.();
	} catch (error) {
		settingsFailure = error;
	}
	if (settingsFailure !== undefined) {
		failRemainingItems.call(this, settingsFailure, output);
		return undefined;
	}

	// 2. Submit: one call per ≤ imagesPerTask images of a group.
	const submissions: Submission[] = [];
	const created: string[] = [];
	for (const group of groups.values()) {
		const first = group[0].itemIndex;
		const options = this.getNodeParameter('options', first, {}) as IDataObject;
		const perTask = Math.min(MAX_IMAGES_PER_TASK, Math.max(1, Math.floor(Number(options.imagesPerTask ?? MAX_IMAGES_PER_TASK))));
		for (const part of chunk(group, perTask)) {
			const callback = createOptions.callbackConf ? { CallbackConf: createOptions.callbackConf } : {};
			const body: IDataObject = { ...part[0].body, ...callback, DataList: part.map((entry) => entry.image) };
			let result: IDataObject | undefined;
			let failure: unknown;
			try {
				result = await veImageXRequest.call(this, 'CreateImageAITask', body, {
					itemIndex: part[0].itemIndex,
					retryAmbiguous: options.retryAmbiguous === true,
				});
			} catch (error) {
				failure = error;
			}
			if (!result) {
				const nodeError = asNodeError.call(this, failure, part[0].itemIndex);
				if (created.length > 0) {
					// Re-running the whole workflow would submit these images again.
					nodeError.description = `${nodeError.description ?? ''} Tasks already created by this run (not rolled back): ${created.join(', ')}.`.trim();
				}
				failItems.call(this, nodeError, part.map((entry) => entry.itemIndex), output);
				continue;
			}
			const taskId = String(result.TaskId ?? '');
			created.push(taskId);
			for (const entry of part) {
				submissions.push({
					itemIndex: entry.itemIndex,
					json: {
						TaskId: taskId,
						QueueId: String(result.QueueId ?? body.QueueId),
						ServiceId: body.ServiceId,
						Image: entry.image,
						DataType: body.DataType,
						WorkflowTemplateId: body.WorkflowTemplateId,
						ImagesInTask: part.length,
					},
				});
			}
		}
	}

	return submissions;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const settings: { wait?: WaitSettings; download?: DownloadSettings } = {};
	const submissions = await createTasks.call(this, items, output, {
		readSettings: () => {
			if (this.getNodeParameter('waitForCompletion', 0, false) as boolean) {
				settings.wait = getWaitSettings.call(this, 0);
				settings.download = getDownloadSettings.call(this, 0);
			}
		},
	});
	if (!submissions) return output as INodeExecutionData[];

	// 3. Optionally wait and attach each item's own result.
	if (settings.wait && submissions.length > 0) {
		await attachResults.call(this, submissions, settings.wait, settings.download, 'itemEntry', output);
	} else {
		for (const submission of submissions) {
			output[submission.itemIndex] = { json: submission.json, pairedItem: { item: submission.itemIndex } };
		}
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
