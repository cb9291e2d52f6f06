/** Paging over the three list actions: Offset paging (queues, entries) and Marker/HasMore paging (tasks). */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { veImageXRequest } from '../transport';
import { ENTRY_PAGE_SIZE, QUEUE_PAGE_SIZE, TASK_PAGE_SIZE } from './constants';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface Page<T> {
	items: T[];
	total?: number;
}

/** Collects pages until `limit` items (undefined = all) or the source is exhausted. */
async function collectOffsetPages(
	fetch: (offset: number, pageSize: number) => Promise<Page<IDataObject>>,
	pageSize: number,
	limit: number | undefined,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	for (let offset = 0; ; ) {
		const wanted = limit === undefined ? pageSize : Math.min(pageSize, limit - results.length);
		const page = await fetch(offset, wanted);
		results.push(...page.items);
		offset += page.items.length;
		const exhausted =
			page.items.length === 0 || page.items.length < wanted || (page.total !== undefined && offset >= page.total);
		if (exhausted || (limit !== undefined && results.length >= limit)) break;
	}
	return limit === undefined ? results : results.slice(0, limit);
}

export async function queuePage(
	this: Context,
	offset: number,
	pageSize: number,
	search: string | undefined,
	itemIndex = 0,
): Promise<Page<IDataObject>> {
	const result = await veImageXRequest.call(
		this,
		'GetImageAIProcessQueues',
		{ Limit: pageSize, Offset: offset, SearchPtn: search || undefined },
		{ itemIndex },
	);
	return { items: (result.Queues as IDataObject[]) ?? [], total: result.Total as number | undefined };
}

export async function listQueues(this: Context, search: string | undefined, limit: number | undefined, itemIndex = 0) {
	return await collectOffsetPages(
		async (offset, size) => await queuePage.call(this, offset, size, search, itemIndex),
		QUEUE_PAGE_SIZE,
		limit,
	);
}

/** The API cannot fetch a queue by ID: page through all queues until the ID shows up. */
export async function findQueue(this: IExecuteFunctions, queueId: string, itemIndex: number): Promise<IDataObject> {
	for (let offset = 0; ; ) {
		const page = await queuePage.call(this, offset, QUEUE_PAGE_SIZE, undefined, itemIndex);
		const match = page.items.find((queue) => queue.Id === queueId);
		if (match) return match;
		offset += page.items.length;
		if (page.items.length < QUEUE_PAGE_SIZE || (page.total !== undefined && offset >= page.total)) break;
	}
	throw new NodeOperationError(this.getNode(), `Queue: no queue with ID "${queueId}" exists in this account and region`, {
		itemIndex,
		description: "Pick the queue from the list, or check the ID and the credential's Region.",
	});
}

/** GetImageAITasks with Marker paging. */
export async function listTasks(
	this: IExecuteFunctions,
	query: IDataObject,
	limit: number | undefined,
	itemIndex: number,
): Promise<IDataObject[]> {
	const tasks: IDataObject[] = [];
	let marker: string | undefined;
	for (;;) {
		const pageSize = limit === undefined ? TASK_PAGE_SIZE : Math.min(TASK_PAGE_SIZE, limit - tasks.length);
		const result = await veImageXRequest.call(
			this,
			'GetImageAITasks',
			{ ...query, Limit: pageSize, Marker: marker },
			{ itemIndex },
		);
		tasks.push(...((result.TaskInfo as IDataObject[]) ?? []));
		const next = typeof result.Marker === 'string' && result.Marker !== '' ? result.Marker : undefined;
		// A HasMore without a new marker would loop forever on the same page.
		if (result.HasMore !== true || !next || next === marker) break;
		if (limit !== undefined && tasks.length >= limit) break;
		marker = next;
	}
	return limit === undefined ? tasks : tasks.slice(0, limit);
}

/** GetImageAIDetails with Offset paging, ≤ 100 per page. */
export async function listEntries(
	this: IExecuteFunctions,
	query: IDataObject,
	limit: number | undefined,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await collectOffsetPages(
		async (offset, size) => {
			const result = await veImageXRequest.call(
				this,
				'GetImageAIDetails',
				{ ...query, Limit: size, Offset: offset },
				{ itemIndex },
			);
			return { items: (result.ExecInfo as IDataObject[]) ?? [], total: result.Total as number | undefined };
		},
		ENTRY_PAGE_SIZE,
		limit,
	);
}
