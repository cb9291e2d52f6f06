import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { parseTemplate } from '../../helpers/parse';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { readTemplateType, templateTypeField } from './shared';

const properties: INodeProperties[] = [
	templateTypeField,
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['getMany'] } }, properties);

/** One output item per input item, holding the list in `templates`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const templateType = readTemplateType.call(this, itemIndex);
		const body = await vodRequest.call(this, context, 'ListAITemplate', { TemplateType: templateType }, { kind: 'read', itemIndex });
		const list = Array.isArray(body.TemplateInfoList) ? (body.TemplateInfoList as IDataObject[]) : [];
		const templates = list.map(parseTemplate);
		return asItems({ TemplateType: templateType, count: templates.length, templates, RequestId: body.RequestId });
	});
}
