import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { parseTemplate } from '../../helpers/parse';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { readTemplateId, templateIdLocator } from './shared';

const properties: INodeProperties[] = [templateIdLocator];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const body = await vodRequest.call(this, context, 'GetAITemplate', { TemplateId: readTemplateId.call(this, itemIndex) }, { kind: 'read', itemIndex });
		return asItems({ ...parseTemplate((body.TemplateInfo ?? {}) as IDataObject), RequestId: body.RequestId });
	});
}
