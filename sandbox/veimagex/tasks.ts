/** Task and entry actions: CreateImageAITask, GetImageAITasks, GetImageAIDetails, DeleteImageAIProcessDetail,
 *  CreateImageAIProcessCallback. */
import { readCallbackConf } from './callbackConf';
import { Errors } from './errors';
import { beijingTime } from './model';
import type { Entry, Queue, Scope, Task } from './model';
import { oneOf, queryInt, queryString, reqString, timeWindow } from './params';
import type { ActionInput } from './actionTypes';
import { inputObjectKey } from './payload';

export const MAX_DATA_LIST = 10_000;
const TASK_STATUSES = ['Running', 'Suspend', 'Done', 'Cancel', 'Failed'] as const;

export function parseWorkflowParameter(value: string, name = 'WorkflowParameter'): Record<string, unknown> {
	try {
		const parsed = JSON.parse(value) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
	} catch {
		/* fall through */
	}
	throw Errors.invalidParameter(`${name} must be a JSON object serialised as a string`);
}

export function createTask({ body, scope, newId, now, engine }: ActionInput) {
	const ServiceId = reqString(body, 'ServiceId');
	const QueueId = reqString(body, 'QueueId');
	const WorkflowTemplateId = reqString(body, 'WorkflowTemplateId');
	const WorkflowParameter = reqString(body, 'WorkflowParameter');
	parseWorkflowParameter(WorkflowParameter);
	const DataType = oneOf('DataType', reqString(body, 'DataType'), ['uri', 'url'] as const);
	const list = body.DataList;
	if (!Array.isArray(list) || list.length === 0) throw Errors.invalidParameter('DataList is required (a non-empty array)');
	if (list.length > MAX_DATA_LIST) {
		throw Errors.invalidParameter(`DataList has ${list.length} items; at most ${MAX_DATA_LIST} per task`);
	}
	list.forEach((item, i) => {
		if (typeof item !== 'string' || item === '') throw Errors.invalidParameter(`DataList[${i}] must be a non-empty string`);
		if (DataType === 'url' && !/^https?:\/\//i.test(item)) {
			throw Errors.invalidParameter(`DataList[${i}] must be an http(s) URL when DataType is url`);
		}
		if (DataType === 'uri' && /^tos-/i.test(item)) {
			throw Errors.invalidParameter(`DataList[${i}]: pass the URI without the tos-… storage prefix`);
		}
	});
	const CallbackConf = readCallbackConf(body.CallbackConf, { where: 'CallbackConf', allowXml: false, requireAll: false });
	if (!scope.queues.has(QueueId)) throw Errors.resourceNotFound(`queue ${QueueId} does not exist`);
	const submitMs = now();
	const task: Task = {
		TaskId: newId(), QueueId, ServiceId, DataType, WorkflowTemplateId, WorkflowParameter, CallbackConf,
		Status: 'Running', submitMs, cursor: 0,
		entries: (list as string[]).map((input): Entry => ({ EntryId: newId(), input, Status: 'Pending', submitMs })),
	};
	scope.tasks.set(task.TaskId, task);
	for (const entry of task.entries) scope.entryIndex.set(entry.EntryId, task.TaskId);
	engine.kick();
	return { QueueId, TaskId: task.TaskId };
}

/** A task that has started in a queue paused since then is listed as Suspend (it resumes when the queue starts). */
export function listedStatus(task: Task, queue: Queue | undefined): (typeof TASK_STATUSES)[number] {
	return task.Status === 'Running' && task.startMs !== undefined && queue?.Status === 'Pending' ? 'Suspend' : task.Status;
}

function statusIn(scope: Scope, task: Task): string {
	return listedStatus(task, scope.queues.get(task.QueueId));
}

function inWindow(ms: number, w: { startS: number; endS: number }): boolean {
	const s = Math.floor(ms / 1000);
	return s >= w.startS && s <= w.endS;
}

export function getTasks({ query, scope }: ActionInput) {
	const QueueId = queryString(query, 'QueueId', true)!;
	const window = timeWindow(query);
	const limit = queryInt(query, 'Limit', { min: 1, max: 1000, fallback: 1000 })!;
	const status = queryString(query, 'Status');
	if (status) oneOf('Status', status, TASK_STATUSES);
	const { ServiceId, TaskId, SearchPtn, Marker } = query;
	const matching = [...scope.tasks.values()].filter(
		(t) =>
			t.QueueId === QueueId && inWindow(t.submitMs, window) && (!status || statusIn(scope, t) === status) &&
			(!ServiceId || t.ServiceId === ServiceId) && (!TaskId || t.TaskId === TaskId) &&
			(!SearchPtn || t.TaskId.includes(SearchPtn) || t.WorkflowTemplateId.includes(SearchPtn)),
	);
	// Marker = the TaskId of the last task of the previous page (opaque to clients).
	let start = 0;
	if (Marker) {
		const at = matching.findIndex((t) => t.TaskId === Marker);
		if (at < 0) throw Errors.invalidParameter('Marker is invalid or expired; restart from the first page');
		start = at + 1;
	}
	const page = matching.slice(start, start + limit);
	const HasMore = start + limit < matching.length;
	return {
		QueueId,
		TaskInfo: page.map((t) => {
			const live = t.entries.filter((e) => !e.deleted);
			return {
				TaskId: t.TaskId, DataType: t.DataType, Status: statusIn(scope, t), SubmitAt: beijingTime(t.submitMs),
				StartAt: beijingTime(t.startMs), EndAt: beijingTime(t.endMs), Total: live.length,
				Success: live.filter((e) => e.Status === 'Success').length,
				Fail: live.filter((e) => e.Status === 'Fail').length,
				Retry: 0, WorkflowTemplateId: t.WorkflowTemplateId, WorkflowParameter: t.WorkflowParameter,
			};
		}),
		HasMore,
		Marker: HasMore ? page[page.length - 1].TaskId : '',
	};
}

export function getDetails({ query, scope }: ActionInput) {
	const QueueId = queryString(query, 'QueueId', true)!;
	const window = timeWindow(query);
	const limit = queryInt(query, 'Limit', { required: true, min: 1, max: 100 })!;
	const offset = queryInt(query, 'Offset', { min: 0, fallback: 0 })!;
	// Both official SDKs mark ServiceId and TaskId required; the doc lists neither as such. A request for one task
	// is held to the SDK contract (ServiceId refused when missing); the doc's queue-wide listing without TaskId is
	// still answered (UNVERIFIED either way: how the real API treats a missing ServiceId is not published).
	if (queryString(query, 'TaskId') && !queryString(query, 'ServiceId')) {
		throw Errors.missingParameter('ServiceId is required together with TaskId');
	}
	// Docs list Running, the SDK comments Dispatched: the emulator has both (Dispatched, then Running).
	const statuses = (queryString(query, 'Status') ?? '').split(',').filter(Boolean)
		.map((s) => oneOf('Status', s.trim(), ['Pending', 'Running', 'Dispatched', 'Success', 'Fail'] as const));
	const { TaskId, ServiceId, SearchPtn } = query;
	const rows: Array<{ task: Task; entry: Entry }> = [];
	for (const task of scope.tasks.values()) {
		if (task.QueueId !== QueueId || (TaskId && task.TaskId !== TaskId) || (ServiceId && task.ServiceId !== ServiceId)) continue;
		if (!inWindow(task.submitMs, window)) continue;
		for (const entry of task.entries) {
			if (entry.deleted || (statuses.length && !statuses.includes(entry.Status))) continue;
			if (SearchPtn && !entry.input.includes(SearchPtn)) continue;
			rows.push({ task, entry });
		}
	}
	return {
		ExecInfo: rows.slice(offset, offset + limit).map(({ task, entry }) => ({
			EntryId: entry.EntryId, SubmitAt: beijingTime(entry.submitMs), StartAt: beijingTime(entry.startMs),
			EndAt: beijingTime(entry.endMs), Status: entry.Status,
			ExecInput: { DataType: task.DataType, ObjectKey: task.DataType === 'uri' ? entry.input : inputObjectKey(task, entry) },
			ExecOutput: {
				Output: entry.output ? JSON.stringify(entry.output) : '',
				ErrCode: entry.errCode ?? '',
				ErrMsg: entry.errMsg ?? '',
			},
			WorkflowTemplateId: task.WorkflowTemplateId,
		})),
		Total: rows.length,
	};
}

function findEntry(input: ActionInput, entryId: string): { task: Task; entry: Entry } {
	const task = input.scope.tasks.get(input.scope.entryIndex.get(entryId) ?? '');
	const entry = task?.entries.find((e) => e.EntryId === entryId && !e.deleted);
	if (!task || !entry) throw Errors.resourceNotFound(`entry ${entryId} does not exist`);
	return { task, entry };
}

export function deleteDetail(input: ActionInput) {
	const { body } = input;
	const ids: unknown[] = [];
	if (body.EntryId !== undefined) ids.push(reqString(body, 'EntryId'));
	if (body.Entries !== undefined) {
		if (!Array.isArray(body.Entries)) throw Errors.invalidParameter('Entries must be an array of entry ids');
		ids.push(...body.Entries);
	}
	if (ids.length === 0) throw Errors.invalidParameter('EntryId or Entries is required');
	const found = ids.map((id) => {
		if (typeof id !== 'string' || !id) throw Errors.invalidParameter('Entries must contain non-empty strings');
		return findEntry(input, id);
	});
	for (const { entry } of found) entry.deleted = true;
	return undefined;
}

export function resendCallback(input: ActionInput) {
	const { task, entry } = findEntry(input, reqString(input.body, 'EntryId'));
	if (entry.Status !== 'Success' && entry.Status !== 'Fail') {
		throw Errors.invalidParameter(`entry ${entry.EntryId} has not finished (status ${entry.Status})`);
	}
	const conf = input.engine.callbackConf(input.scope.queues.get(task.QueueId), task);
	if (!conf) throw Errors.invalidParameter('neither the task nor its queue has a callback configured');
	input.engine.sendEntry(task, entry, conf);
	return undefined;
}
