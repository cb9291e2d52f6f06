/** After tasks finish: give every input item its own result (its image's entry, or the task with all entries). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadOutput, type DownloadSettings } from '../../helpers/entries';
import { failItems } from '../../../shared/perItem';
import { taskSummary, waitForTask, type WaitedTask, type WaitSettings } from '../../helpers/wait';

export interface Submission {
	itemIndex: number;
	/** Must carry TaskId, QueueId and ServiceId; Image (URL/URI) when known. */
	json: IDataObject;
}

export type ResultMode = 'itemEntry' | 'task';

/** Keys under which an entry's ObjectKey may appear for a given image URL/URI. */
function candidateKeys(image: string): string[] {
	const keys = [image];
	const withoutQuery = image.split(/[?#]/)[0];
	const path = withoutQuery.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/^\/+/, '');
	const segments = path.split('/').filter(Boolean);
	keys.push(withoutQuery);
	for (let start = 0; start < segments.length; start++) keys.push(segments.slice(start).join('/'));
	return [...new Set(keys)];
}

/** Index entries by ObjectKey; each entry is handed out once, so duplicate images map to distinct entries. */
function entryIndex(entries: IDataObject[]) {
	const byKey = new Map<string, IDataObject[]>();
	for (const entry of entries) {
		const key = String(entry.ObjectKey ?? '');
		const list = byKey.get(key) ?? [];
		list.push(entry);
		byKey.set(key, list);
	}
	return (image: string): IDataObject | undefined => {
		for (const key of candidateKeys(image)) {
			const list = byKey.get(key);
			if (list && list.length > 0) return list.shift();
		}
		return undefined;
	};
}

export async function attachResults(
	this: IExecuteFunctions,
	submissions: Submission[],
	settings: WaitSettings,
	download: DownloadSettings | undefined,
	mode: ResultMode,
	output: Array<INodeExecutionData | undefined>,
): Promise<void> {
	const byTask = new Map<string, Submission[]>();
	for (const submission of submissions) {
		const key = `${String(submission.json.QueueId)}|${String(submission.json.TaskId)}`;
		const list = byTask.get(key) ?? [];
		list.push(submission);
		byTask.set(key, list);
	}

	for (const group of byTask.values()) {
		const first = group[0];
		let waited: WaitedTask | undefined;
		let failure: unknown;
		try {
			waited = await waitForTask.call(
				this,
				{
					queueId: String(first.json.QueueId),
					taskId: String(first.json.TaskId),
					serviceId: String(first.json.ServiceId),
				},
				settings,
				first.itemIndex,
			);
		} catch (error) {
			failure = error;
		}
		if (!waited) {
			failItems.call(this, failure, group.map((submission) => submission.itemIndex), output);
			continue;
		}

		const summary = taskSummary(waited.task);
		if (mode === 'task') {
			for (const submission of group) {
				output[submission.itemIndex] = {
					json: { ...submission.json, ...summary, Entries: waited.entries },
					pairedItem: { item: submission.itemIndex },
				};
			}
			continue;
		}
		const take = entryIndex(waited.entries);
		for (const submission of group) {
			const entry = take(String(submission.json.Image ?? ''));
			const json: IDataObject = { ...submission.json, ...summary };
			if (entry) Object.assign(json, entry);
			else json.Status = 'NotFound';
			let binary;
			let downloadFailure: unknown;
			try {
				binary = entry ? await downloadOutput.call(this, download, entry.Output) : undefined;
			} catch (error) {
				downloadFailure = error;
			}
			if (downloadFailure !== undefined) {
				failItems.call(this, downloadFailure, [submission.itemIndex], output);
				continue;
			}
			output[submission.itemIndex] = { json, pairedItem: { item: submission.itemIndex }, ...(binary ? { binary } : {}) };
		}
	}
}
