/** Waiting for tasks: poll GetImageAITasks until a final status, then read the task's entries. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldError } from '../../shared/errors';
import { pollUntil } from '../../shared/polling';
import { MAX_WINDOW_SECONDS, TASK_FINAL_STATUSES } from './constants';
import { normaliseEntry } from './entries';
import { listEntries, listTasks } from './paging';

export const waitFields: INodeProperties[] = [
	{
		displayName: 'Wait Timeout (Minutes)',
		name: 'waitTimeoutMinutes',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0.1 },
		description: 'Give up (with an error naming the task) when a task is still running after this long',
	},
	{
		displayName: 'First Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 0.05 },
		description: 'Time between status checks; it grows by half each time up to 60 seconds',
	},
];

export interface WaitSettings {
	timeoutMs: number;
	intervalMs: number;
}

export function getWaitSettings(this: IExecuteFunctions, itemIndex: number): WaitSettings {
	const minutes = Number(this.getNodeParameter('waitTimeoutMinutes', itemIndex, 30));
	const seconds = Number(this.getNodeParameter('pollIntervalSeconds', itemIndex, 5));
	if (!(minutes > 0)) throw fieldError(this.getNode(), itemIndex, 'Wait Timeout (Minutes)', 'must be above 0', 'Enter e.g. 30.');
	if (!(seconds > 0)) throw fieldError(this.getNode(), itemIndex, 'First Poll Interval (Seconds)', 'must be above 0', 'Enter e.g. 5.');
	return { timeoutMs: minutes * 60_000, intervalMs: seconds * 1000 };
}

export interface TaskRef {
	queueId: string;
	taskId: string;
	serviceId?: string;
}

export interface WaitedTask {
	task: IDataObject;
	entries: IDataObject[];
}

/** The widest window the API accepts, ending a little in the future so a just-submitted task is inside. */
export function searchWindow(): { StartTime: number; EndTime: number } {
	const end = Math.floor(Date.now() / 1000) + 300;
	return { StartTime: end - MAX_WINDOW_SECONDS + 60, EndTime: end };
}

export async function waitForTask(
	this: IExecuteFunctions,
	ref: TaskRef,
	settings: WaitSettings,
	itemIndex: number,
): Promise<WaitedTask> {
	const query: IDataObject = { QueueId: ref.queueId, TaskId: ref.taskId, ServiceId: ref.serviceId || undefined };
	const result = await pollUntil<IDataObject | undefined>({
		poll: async () => {
			const tasks = await listTasks.call(this, { ...query, ...searchWindow() }, undefined, itemIndex);
			return tasks.find((task) => task.TaskId === ref.taskId);
		},
		isDone: (task) => task !== undefined && TASK_FINAL_STATUSES.includes(String(task.Status)),
		intervalMs: settings.intervalMs,
		maxIntervalMs: Math.max(settings.intervalMs, 60_000),
		factor: 1.5,
		timeoutMs: settings.timeoutMs,
	});
	if (!result.value) {
		throw new NodeOperationError(this.getNode(), `Task ${ref.taskId} was not found in queue ${ref.queueId}`, {
			itemIndex,
			description: 'Check the Task ID and the Queue: the task must have been submitted in the last 7 days to this queue.',
		});
	}
	if (!result.done) {
		throw new NodeOperationError(
			this.getNode(),
			`Task ${ref.taskId} is still ${String(result.value.Status)} after ${Math.round(result.elapsedMs / 1000)} s`,
			{
				itemIndex,
				description:
					'Increase "Wait Timeout (Minutes)", check that the queue is started (Queue → Start), or wait again later with Task → Wait for Completion.',
			},
		);
	}
	const entries = await listEntries.call(this, { ...query, ...searchWindow() }, undefined, itemIndex);
	return { task: result.value, entries: entries.map(normaliseEntry) };
}

/** Summary fields of a finished task for the output item. */
export function taskSummary(task: IDataObject): IDataObject {
	return {
		TaskStatus: task.Status,
		TaskTotal: task.Total,
		TaskSuccess: task.Success,
		TaskFail: task.Fail,
	};
}
