import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { QUEUE_PAGE_SIZE, SYSTEM_WORKFLOW_TEMPLATES } from '../helpers/constants';
import { queuePage } from '../helpers/paging';

/** Queue picker: one page of GetImageAIProcessQueues per scroll; the filter is the API's own SearchPtn. */
export async function searchQueues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = paginationToken ? Number(paginationToken) || 0 : 0;
	const page = await queuePage.call(this, offset, QUEUE_PAGE_SIZE, filter?.trim() || undefined);
	const next = offset + page.items.length;
	const more = page.items.length === QUEUE_PAGE_SIZE && (page.total === undefined || next < page.total);
	return {
		results: page.items.map((queue: IDataObject) => ({
			name: `${String(queue.Name ?? queue.Id)} (${String(queue.Status ?? '')}${queue.Attribute ? `, ${String(queue.Attribute)}` : ''})`,
			value: String(queue.Id),
		})),
		paginationToken: more ? String(next) : undefined,
	};
}

export async function searchWorkflowTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').toLowerCase();
	return {
		results: SYSTEM_WORKFLOW_TEMPLATES.filter(
			(template) => template.name.toLowerCase().includes(needle) || template.value.includes(needle),
		).map((template) => ({ name: `${template.name} (${template.value})`, value: template.value })),
	};
}
