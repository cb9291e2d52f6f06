import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { assertRegion, getVodContext } from '../helpers/context';
import { explainingListSearchFailure } from '../../shared/listSearchErrors';
import { vodRequest } from '../transport';

/** The region's AIImage templates, default first, filtered by name or ID. */
export async function searchAiImageTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const context = await getVodContext.call(this);
	assertRegion.call(this, context, 'template');
	const body = await explainingListSearchFailure(
		{
			list: 'VOD AI templates',
			action: 'ListAITemplate',
			check: "the credential's AccessKey, Region and Endpoint, and that the RAM user may call ListAITemplate",
			secrets: context.secrets,
		},
		vodRequest.call(this, context, 'ListAITemplate', { TemplateType: 'AIImage' }, { kind: 'read' }),
	);
	const list = Array.isArray(body.TemplateInfoList) ? (body.TemplateInfoList as IDataObject[]) : [];
	const needle = (filter ?? '').toLowerCase();
	const results = list
		.map((template) => ({
			name: `${String(template.TemplateName ?? template.TemplateId)}${template.IsDefault === 'Default' ? ' (default)' : ''}`,
			value: String(template.TemplateId),
			isDefault: template.IsDefault === 'Default',
		}))
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle) || entry.value.toLowerCase().includes(needle))
		.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name))
		.map(({ name, value }) => ({ name, value }));
	return { results };
}
