import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { QUEUE_PAGE_SIZE, SYSTEM_WORKFLOW_TEMPLATES } from '../helpers/constants';
import { queuePage } from '../helpers/paging';
import { explainingListSearchFailure } from '../../shared/listSearchErrors';
import { credentialSecrets, CREDENTIAL_TYPE, veImageXRequest } from '../transport';

const REGION_CHECK = "the credential's Access Key, Region and Endpoint";

async function pickerCall(this: ILoadOptionsFunctions, list: string, action: string, check: string) {
	const secrets = credentialSecrets(await this.getCredentials(CREDENTIAL_TYPE));
	return { list, action, check, secrets };
}

/** Queue picker: one page of GetImageAIProcessQueues per scroll; the filter is the API's own SearchPtn. */
export async function searchQueues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = paginationToken ? Number(paginationToken) || 0 : 0;
	const page = await explainingListSearchFailure(
		await pickerCall.call(this, 'veImageX queues', 'GetImageAIProcessQueues', REGION_CHECK),
		queuePage.call(this, offset, QUEUE_PAGE_SIZE, filter?.trim() || undefined),
	);
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

/**
 * Service picker over GetAllImageServices (one call, the API does not page); the filter is the API's SearchPtn.
 * Only ID and name are read: the answer also carries the services' URL-signing keys (PrimaryKey/SecondaryKey).
 */
export async function searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const result = await explainingListSearchFailure(
		await pickerCall.call(this, 'veImageX services', 'GetAllImageServices', REGION_CHECK),
		veImageXRequest.call(this, 'GetAllImageServices', { SearchPtn: filter?.trim() || undefined }),
	);
	const services = Array.isArray(result.Services) ? (result.Services as IDataObject[]) : [];
	return {
		results: services
			.filter((service) => typeof service.ServiceId === 'string' && service.ServiceId !== '')
			.map((service) => {
				const id = String(service.ServiceId);
				const name = typeof service.ServiceName === 'string' && service.ServiceName ? service.ServiceName : id;
				return { name: `${name} (${id})`, value: id };
			}),
	};
}
