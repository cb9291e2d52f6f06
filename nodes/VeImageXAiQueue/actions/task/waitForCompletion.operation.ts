import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import { getDownloadSettings, type DownloadSettings } from '../../helpers/entries';
import { getQueueId, getRequiredId, getServiceId } from '../../helpers/fields';
import { failItems, failRemainingItems, readPerItem } from '../../../shared/perItem';
import { getWaitSettings, waitFields, type WaitSettings } from '../../helpers/wait';
import { downloadOptions, queueLocator, serviceLocator } from '../common.descriptions';
import { attachResults, type ResultMode, type Submission } from './results';

const properties: INodeProperties[] = [
	serviceLocator({
		default: { __rl: true, mode: 'id', value: '={{ $json.ServiceId }}' },
		description: 'The veImageX service the task was submitted for (items from Task → Create carry it as ServiceId)',
	}),
	queueLocator,
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '={{ $json.TaskId }}',
		required: true,
		description: 'The task to wait for (items from Task → Create carry it as TaskId)',
	},
	{
		displayName: 'Return',
		name: 'resultMode',
		type: 'options',
		default: 'itemEntry',
		description: 'What each output item contains once the task has finished',
		options: [
			{
				name: "This Item's Image Result",
				value: 'itemEntry',
				description: 'The entry of the image named in "Image URL or URI" (one result per item)',
			},
			{ name: 'Task With All Entries', value: 'task', description: 'The task summary plus all of its entries in a list' },
		],
	},
	{
		displayName: 'Image URL or URI',
		name: 'image',
		type: 'string',
		default: '={{ $json.Image }}',
		displayOptions: { show: { resultMode: ['itemEntry'] } },
		description: 'The image whose result this item should get (items from Task → Create carry it as Image)',
	},
	...waitFields,
	...downloadOptions.map((field) => ({
		...field,
		displayOptions: { show: { resultMode: ['itemEntry'], ...(field.displayOptions?.show ?? {}) } },
	})),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['waitForCompletion'] } },
	properties,
);

/** Polls each distinct task once (items from a batched Create share tasks), then maps results to items. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const submissions: Submission[] = readPerItem(this, items, output, (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		const taskId = getRequiredId.call(this, 'taskId', 'Task ID', itemIndex, 'Map the TaskId field of the item (e.g. {{ $json.TaskId }}).');
		const mode = this.getNodeParameter('resultMode', itemIndex, 'itemEntry') as ResultMode;
		const image = mode === 'itemEntry' ? String(this.getNodeParameter('image', itemIndex, '') ?? '').trim() : '';
		if (mode === 'itemEntry' && !image) {
			throw fieldError(
				this.getNode(),
				itemIndex,
				'Image URL or URI',
				'is empty for this item',
				'Map the image of the item (e.g. {{ $json.Image }}) or set Return to "Task With All Entries".',
			);
		}
		return { json: { TaskId: taskId, QueueId: queueId, ...(image ? { Image: image } : {}) } };
	});
	if (submissions.length > 0) {
		const mode = this.getNodeParameter('resultMode', 0, 'itemEntry') as ResultMode;
		let settings: WaitSettings | undefined;
		let download: DownloadSettings | undefined;
		let settingsFailure: unknown;
		try {
			settings = getWaitSettings.call(this, 0);
			download = mode === 'itemEntry' ? getDownloadSettings.call(this, 0) : undefined;
		} catch (error) {
			settingsFailure = error;
		}
		if (!settings) return failRemainingItems.call(this, settingsFailure, output);
		// Read after the run-wide settings (a bad setting is reported for every item first), before any request.
		const withService = submissions.filter((submission) => {
			let failure: unknown;
			try {
				submission.json.ServiceId = getServiceId.call(this, submission.itemIndex);
			} catch (error) {
				failure = error;
			}
			if (failure !== undefined) failItems.call(this, failure, [submission.itemIndex], output);
			return failure === undefined;
		});
		await attachResults.call(this, withService, settings, download, mode, output);
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
