/**
 * Waiting for tasks: poll GetImageAITasks until the task leaves Running, then read its entries. Only Done has
 * results to hand out; Cancel and Failed end the wait with an error naming the task, and Suspend (its queue was
 * paused) too: a paused queue does not resume by itself, so polling on would only burn the whole timeout.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pollUntil } from '../../shared/polling';
import { at, checkNumber } from '../../shared/validate';
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

/** Statuses that end a wait: the final ones plus Suspend (see the file comment). */
const WAIT_ENDS_ON = [...TASK_FINAL_STATUSES, 'Suspend'];

const RESUBMIT =
	'Submit the images without a result again with Task → Create; Entry → Get Many with this Task ID lists the results that exist.';

/** Why a task that stopped running has no complete result, or undefined for Done. */
function unfinishedTaskError(task: IDataObject, ref: TaskRef): { message: string; description: string } | undefined {
	const counts = `${Number(task.Success ?? 0)} of ${Number(task.Total ?? 0)} images succeeded, ${Number(task.Fail ?? 0)} failed`;
	switch (String(task.Status)) {
		case 'Suspend':
			return {
				message: `Task ${ref.taskId} is suspended: queue ${ref.queueId} is paused (${counts} so far)`,
				description: 'veImageX holds the tasks of a paused queue. Start the queue (Queue → Start), then run Task → Wait for Completion again for this task.',
			};
		case 'Cancel':
			return {
				message: `Task ${ref.taskId} was cancelled before it finished (${counts})`,
				description: `The task has status Cancel (for example cancelled in the veImageX console): its remaining images were not processed. ${RESUBMIT}`,
			};
		case 'Failed':
			return {
				message: `Task ${ref.taskId} failed as a whole (${counts})`,
				description: `veImageX gave the task status Failed: check its workflow template and queue in the veImageX console. ${RESUBMIT}`,
			};
		default:
			return undefined;
	}
}

export function getWaitSettings(this: IExecuteFunctions, itemIndex: number): WaitSettings {
	const where = at(this, itemIndex);
	// Finite and bounded: Infinity or NaN from an expression would poll forever. A task is listed for 7 days at most.
	const minutes = checkNumber(where, 'Wait Timeout (Minutes)', this.getNodeParameter('waitTimeoutMinutes', itemIndex, 30), {
		min: 0.001,
		max: MAX_WINDOW_SECONDS / 60,
		fix: 'Enter e.g. 30.',
	});
	const seconds = checkNumber(where, 'First Poll Interval (Seconds)', this.getNodeParameter('pollIntervalSeconds', itemIndex, 5), {
		min: 0.001,
		max: 3600,
		fix: 'Enter e.g. 5.',
	});
	return { timeoutMs: minutes * 60_000, intervalMs: seconds * 1000 };
}

export interface TaskRef {
	queueId: string;
	taskId: string;
	/** Required by GetImageAIDetails in both official SDKs (the API doc says otherwise): always sent. */
	serviceId: string;
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
	const query: IDataObject = { QueueId: ref.queueId, TaskId: ref.taskId, ServiceId: ref.serviceId };
	const result = await pollUntil<IDataObject | undefined>({
		poll: async () => {
			const tasks = await listTasks.call(this, { ...query, ...searchWindow() }, undefined, itemIndex);
			return tasks.find((task) => task.TaskId === ref.taskId);
		},
		isDone: (task) => task !== undefined && WAIT_ENDS_ON.includes(String(task.Status)),
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
	const unfinished = unfinishedTaskError(result.value, ref);
	if (unfinished) throw new NodeOperationError(this.getNode(), unfinished.message, { itemIndex, description: unfinished.description });
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
