/**
 * Task → Create and Wait for Callback: Create's submits with every task's CallbackConf (Type task, JSON) pointed at
 * this execution's resume URL, then a waiting execution (no worker held, no polling) resumed by the callbacks.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import type { DecisionMemory } from '../../../shared/waitForCallback/coordination';
import { callbackNotice, maxWaitField } from '../../../shared/waitForCallback/description';
import { allFinalNewestFirst, doneOutputs, handleCallback, waitForCallbacks } from '../../../shared/waitForCallback/resume';
import { callbackUrlFor, newMarker, readDeadline, type WaitState } from '../../../shared/waitForCallback/state';
import { TASK_FINAL_STATUSES } from '../../helpers/constants';
import { getDownloadSettings, type DownloadSettings } from '../../helpers/entries';
import { listTasks } from '../../helpers/paging';
import { searchWindow } from '../../helpers/wait';
import { downloadOptions } from '../common.descriptions';
import { createTasks, properties as createProperties } from './create.operation';
import { attachResults, type Submission } from './results';

export const OPERATION = 'createAndWaitForCallback';

/** GetImageAITasks/GetImageAIDetails look back at most 7 days, so a longer wait could not find its tasks. */
const MAX_WAIT_MINUTES = 7 * 24 * 60 - 10;

/** Create's own fields minus what this operation decides itself (waiting, polling, the task callback). */
const NOT_HERE = new Set(['waitForCompletion', 'waitTimeoutMinutes', 'pollIntervalSeconds', 'download', 'resultUrl', 'binaryPropertyName']);
const OWN_CALLBACK = new Set(['callbackEndpoint', 'callbackType', 'callbackArgs']);

const properties: INodeProperties[] = [
	callbackNotice('veImageX'),
	...createProperties
		.filter((field) => !NOT_HERE.has(field.name))
		.map((field) =>
			field.name === 'options' && field.type === 'collection'
				? { ...field, options: (field.options as INodeProperties[]).filter((option) => !OWN_CALLBACK.has(option.name)) }
				: field,
		),
	{ ...maxWaitField, typeOptions: { minValue: 0.1, maxValue: MAX_WAIT_MINUTES } },
	...downloadOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: [OPERATION] } }, properties);

/** One created task and the input items whose images went into it, in submit order. */
interface SavedTask {
	TaskId: string;
	QueueId: string;
	ServiceId: string;
	DataType: string;
	WorkflowTemplateId: string;
	items: number[];
	images: string[];
}

interface VeImageXWait {
	tasks: SavedTask[];
	download?: DownloadSettings;
}

function savedTasks(submissions: Submission[]): SavedTask[] {
	const tasks = new Map<string, SavedTask>();
	for (const { itemIndex, json } of submissions) {
		const key = `${String(json.QueueId)}|${String(json.TaskId)}`;
		const task = tasks.get(key) ?? {
			TaskId: String(json.TaskId),
			QueueId: String(json.QueueId),
			ServiceId: String(json.ServiceId ?? ''),
			DataType: String(json.DataType ?? ''),
			WorkflowTemplateId: String(json.WorkflowTemplateId ?? ''),
			items: [],
			images: [],
		};
		task.items.push(itemIndex);
		task.images.push(String(json.Image ?? ''));
		tasks.set(key, task);
	}
	return [...tasks.values()];
}

/** The submissions as Create outputs them, rebuilt from the saved state. */
function submissionsOf(tasks: SavedTask[]): Submission[] {
	return tasks.flatMap(({ items, images, ...task }) =>
		items.map((itemIndex, index) => ({
			itemIndex,
			json: {
				TaskId: task.TaskId,
				QueueId: task.QueueId,
				ServiceId: task.ServiceId,
				Image: images[index],
				DataType: task.DataType,
				WorkflowTemplateId: task.WorkflowTemplateId,
				ImagesInTask: items.length,
			},
		})),
	);
}

/** GetImageAITasks by TaskId, newest task first; when all are final, the results builder (entries, downloads). */
async function check(ctx: IExecuteFunctions, state: WaitState<VeImageXWait>, memory?: DecisionMemory) {
	const { tasks, download } = state.data;
	const allFinal = await allFinalNewestFirst(tasks, (task) => task.TaskId, async (task) => {
		const query: IDataObject = { QueueId: task.QueueId, TaskId: task.TaskId, ServiceId: task.ServiceId || undefined, ...searchWindow() };
		const found = (await listTasks.call(ctx, query, 1, task.items[0])).find((info) => info.TaskId === task.TaskId);
		return found !== undefined && TASK_FINAL_STATUSES.includes(String(found.Status));
	}, memory);
	if (!allFinal) return undefined;
	// Every task is final: one status read each plus its entries (the settings only bound that single read).
	return async (output: Array<INodeExecutionData | undefined>) =>
		await attachResults.call(ctx, submissionsOf(tasks), { timeoutMs: 60_000, intervalMs: 1000 }, download, 'itemEntry', output);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const marker = newMarker();
	const settings: { callbackUrl?: string; deadline?: number; download?: DownloadSettings } = {};
	const createOptions: { callbackConf?: IDataObject; readSettings: () => void } = {
		readSettings: () => {
			const deadline = readDeadline.call(this);
			if (deadline - Date.now() > MAX_WAIT_MINUTES * 60_000) {
				throw fieldError(this.getNode(), 0, 'Maximum Wait (Minutes)', `is above ${MAX_WAIT_MINUTES}`, 'veImageX finds tasks of the last 7 days only: enter at most 10070 minutes.');
			}
			settings.deadline = deadline;
			settings.download = getDownloadSettings.call(this, 0);
			settings.callbackUrl = callbackUrlFor.call(this, marker);
			// Type task: one message per finished task (per 5000 entries), not one per image.
			createOptions.callbackConf = { Method: 'HTTP', Endpoint: settings.callbackUrl, DataFormat: 'JSON', Type: 'task', Args: '' };
		},
	};
	const submissions = await createTasks.call(this, items, output, createOptions);
	if (!submissions || submissions.length === 0 || !settings.callbackUrl || settings.deadline === undefined) {
		return doneOutputs(output);
	}
	return await waitForCallbacks(
		this,
		output,
		{ marker, callbackUrl: settings.callbackUrl, deadline: settings.deadline, data: { tasks: savedTasks(submissions), download: settings.download } },
		check,
	);
}

/** A task message names its task in `task_id`. */
function isOurs(state: WaitState<VeImageXWait>, body: IDataObject): boolean {
	return state.data.tasks.some((task) => task.TaskId === body.task_id);
}

export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	return await handleCallback<VeImageXWait>(this, { provider: 'veImageX', isOurs, check });
}
