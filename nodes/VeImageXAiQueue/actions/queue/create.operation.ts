import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import { getRequiredString } from '../../helpers/fields';
import { asItems, runPerItem } from '../../../shared/perItem';
import { at, checkBoolean, checkText } from '../../../shared/validate';
import { veImageXRequest } from '../../transport';
import { attributeOptions, callbackFields, callbackUpdates, CUSTOM_ATTRIBUTE, resolveAttribute } from './queue.fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the new queue',
	},
	{
		displayName: 'Attribute',
		name: 'attribute',
		type: 'options',
		default: 'ai_super_resolution',
		options: attributeOptions,
		description: 'The kind of AI processing this queue runs',
	},
	{
		displayName: 'Custom Attribute',
		name: 'customAttribute',
		type: 'string',
		default: '',
		placeholder: 'e.g. ai_super_resolution',
		description: 'The attribute name of a queue type not in the list, exactly as the veImageX docs spell it',
		displayOptions: { show: { attribute: [CUSTOM_ATTRIBUTE] } },
	},
	{
		displayName: 'Start Immediately',
		name: 'isStart',
		type: 'boolean',
		default: false,
		description: 'Whether the queue starts running at once (otherwise use the Start operation later)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			...callbackFields,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const name = getRequiredString.call(this, 'name', 'Name', itemIndex, 'Enter a name for the queue.');
		const attribute = resolveAttribute.call(
			this,
			this.getNodeParameter('attribute', itemIndex),
			this.getNodeParameter('customAttribute', itemIndex, ''),
			itemIndex,
		);
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const where = at(this, itemIndex);
		const body: IDataObject = {
			Name: name,
			Attribute: attribute,
			// Sent explicitly even when false (the Go SDK's omitempty cannot send false).
			IsStart: checkBoolean(where, 'Start Immediately', this.getNodeParameter('isStart', itemIndex, false), false),
		};
		if (fields.description !== undefined) body.Desc = checkText(where, 'Description', fields.description, { fix: 'Enter plain text.', maxLength: 1024 });
		const callback = callbackUpdates.call(this, fields, itemIndex);
		if (Object.keys(callback).length > 0) {
			if (!callback.Endpoint) {
				throw fieldError(this.getNode(), itemIndex, 'Callback URL', 'is missing', 'Add the Callback URL, or remove the other callback fields.');
			}
			body.CallbackConf = { Method: 'HTTP', DataFormat: 'JSON', Type: 'entry', ...callback };
		}
		const result = await veImageXRequest.call(this, 'CreateImageAIProcessQueue', body, { itemIndex, requiredId: 'QueueId' });
		return asItems({ QueueId: result.QueueId, Name: name, Attribute: attribute, Status: body.IsStart ? 'Running' : 'Pending' });
	});
}
