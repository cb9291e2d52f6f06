import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { readTemplateId, templateIdLocator } from './shared';

const properties: INodeProperties[] = [{ ...templateIdLocator, description: 'The template to delete. The default template cannot be deleted: make another one the default first.' }];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const templateId = readTemplateId.call(this, itemIndex);
		const body = await vodRequest.call(this, context, 'DeleteAITemplate', { TemplateId: templateId }, { kind: 'idempotent', itemIndex });
		return asItems({ TemplateId: body.TemplateId ?? templateId, RequestId: body.RequestId, success: true });
	});
}
