import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { parseTemplate } from '../../helpers/parse';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { readTemplateConfig, readTemplateName, readTemplateType, templateConfigFields, templateNameField, templateTypeField } from './shared';

const properties: INodeProperties[] = [
	templateNameField,
	templateTypeField,
	...templateConfigFields({ templateType: ['AIImage'] }),
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const templateType = readTemplateType.call(this, itemIndex);
		const params = {
			TemplateName: readTemplateName.call(this, itemIndex),
			TemplateType: templateType,
			TemplateConfig: readTemplateConfig.call(this, itemIndex, templateType),
		};
		// Not repeated after an ambiguous failure: it would create a second template.
		const body = await vodRequest.call(this, context, 'AddAITemplate', params, { kind: 'create', itemIndex, requiredId: 'TemplateId' });
		return asItems(parseTemplate({ TemplateId: body.TemplateId, RequestId: body.RequestId, ...params }));
	});
}
