import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { parseTemplate } from '../../helpers/parse';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { readTemplateConfig, readTemplateId, readTemplateName, readTemplateType, templateConfigFields, templateIdLocator, templateNameField, templateTypeField } from './shared';

const properties: INodeProperties[] = [
	templateIdLocator,
	{ ...templateNameField, description: 'The new name (VOD requires the name and the configuration on every update)' },
	{ ...templateTypeField, description: 'Type of the template being updated; decides how the configuration is checked' },
	...templateConfigFields({ templateType: ['AIImage'] }),
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const templateType = readTemplateType.call(this, itemIndex);
		const params = {
			TemplateId: readTemplateId.call(this, itemIndex),
			TemplateName: readTemplateName.call(this, itemIndex),
			TemplateConfig: readTemplateConfig.call(this, itemIndex, templateType),
		};
		const body = await vodRequest.call(this, context, 'UpdateAITemplate', params, { kind: 'idempotent', itemIndex });
		return asItems(parseTemplate({ ...params, RequestId: body.RequestId }));
	});
}
