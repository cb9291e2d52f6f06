/** veImageX sandbox state: queues, tasks and entries per (account, region). */

export interface CallbackConf {
	Method: string;
	Endpoint: string;
	DataFormat: 'JSON' | 'XML';
	Args: string;
	Type: 'task' | 'entry';
}

export interface Queue {
	Id: string;
	Name: string;
	Desc: string;
	Status: 'Pending' | 'Running';
	Type: 'default' | 'user';
	createdMs: number;
	Attribute: string;
	EnableCallback: boolean;
	CallbackConf?: CallbackConf;
}

/** Dispatched (handed to a worker, SDK comments) comes before Running (docs); both mean "in progress". */
export type EntryStatus = 'Pending' | 'Dispatched' | 'Running' | 'Success' | 'Fail';

export interface Entry {
	EntryId: string;
	/** The DataList element as submitted (URI without prefix, or URL). */
	input: string;
	Status: EntryStatus;
	submitMs: number;
	startMs?: number;
	endMs?: number;
	output?: { ObjectKey: string; Size: number; Format: string };
	errCode?: string;
	errMsg?: string;
	deleted?: boolean;
}

export interface Task {
	TaskId: string;
	QueueId: string;
	ServiceId: string;
	DataType: 'uri' | 'url';
	WorkflowTemplateId: string;
	WorkflowParameter: string;
	CallbackConf?: CallbackConf;
	/** Stored state; `Suspend` is derived when listing (a started task in a paused queue), see tasks.ts. */
	Status: 'Running' | 'Done' | 'Cancel' | 'Failed';
	submitMs: number;
	startMs?: number;
	endMs?: number;
	entries: Entry[];
	/** Index of the next entry to start (entries are processed in submission order). */
	cursor: number;
}

export interface Scope {
	queues: Map<string, Queue>;
	tasks: Map<string, Task>;
	/** EntryId -> owning TaskId, for DeleteImageAIProcessDetail / CreateImageAIProcessCallback. */
	entryIndex: Map<string, string>;
}

/** "YYYY-MM-DD HH:mm:ss" in UTC+8, the format veImageX uses for CreateAt / SubmitAt / StartAt / EndAt. */
export function beijingTime(ms: number | undefined): string {
	if (ms === undefined) return '';
	return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export const unixSeconds = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));
