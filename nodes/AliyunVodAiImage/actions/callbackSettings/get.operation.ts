import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { appIdField, publicCallbackSettings } from './shared';
import { idParameter } from '../../helpers/parameters';

const properties: INodeProperties[] = [appIdField];

export const description = updateDisplayOptions({ show: { resource: ['callbackSettings'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const appId = idParameter(this, 'appId', itemIndex, 'App ID', { fix: 'Enter the VOD application ID (e.g. app-1000000), or leave it empty for the default application.' });
		const body = await vodRequest.call(this, context, 'GetMessageCallback', { AppId: appId || undefined }, { kind: 'read', itemIndex });
		return asItems({ ...publicCallbackSettings((body.MessageCallback ?? {}) as IDataObject), Region: context.region, RequestId: body.RequestId });
	});
}
