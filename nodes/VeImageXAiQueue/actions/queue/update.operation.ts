import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import { getQueueId } from '../../helpers/fields';
import { findQueue } from '../../helpers/paging';
import { asItems, runPerItem } from '../../../shared/perItem';
import { at, checkBoolean, checkText } from '../../../shared/validate';
import { veImageXRequest } from '../../transport';
import { queueLocator } from '../common.descriptions';
import { attributeOptions, callbackFields, callbackUpdates, resolveAttribute } from './queue.fields';

const properties: INodeProperties[] = [
	queueLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; everything else keeps its current value',
		options: [
			{ displayName: 'Attribute', name: 'attribute', type: 'options', default: 'ai_super_resolution', options: attributeOptions },
			{
				displayName: 'Callback Enabled',
				name: 'enableCallback',
				type: 'boolean',
				default: true,
				description: 'Whether veImageX calls the callback URL when images or tasks finish',
			},
			{
				displayName: 'Custom Attribute',
				name: 'customAttribute',
				type: 'string',
				default: '',
				description: 'Used when Attribute is "Other (Enter Below)"',
			},
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			...callbackFields,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['queue'], operation: ['update'] } }, properties);

/**
 * UpdateImageAIProcessQueue is a full-object write (Id, Name and Attribute are required even to change the
 * callback), so read the current queue and send it back with only the user's fields replaced.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const queueId = getQueueId.call(this, itemIndex);
		const updates = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		// Validate before reading anything.
		const callback = callbackUpdates.call(this, updates, itemIndex);
		const where = at(this, itemIndex);
		let attribute: string | undefined;
		if (updates.attribute !== undefined) {
			attribute = resolveAttribute.call(this, updates.attribute, updates.customAttribute, itemIndex);
		} else if (updates.customAttribute !== undefined) {
			attribute = checkText(where, 'Custom Attribute', updates.customAttribute, { fix: 'Enter the attribute name of your queue type.', singleLine: true, maxLength: 128 }) || undefined;
		}
		const nameFix = 'Enter the new name, or remove the Name field to keep the current one.';
		const name = updates.name === undefined ? undefined : checkText(where, 'Name', updates.name, { fix: nameFix, required: true, singleLine: true, maxLength: 256 });
		const newDescription = updates.description === undefined ? undefined : checkText(where, 'Description', updates.description, { fix: 'Enter plain text.', maxLength: 1024 });
		const enableCallback = updates.enableCallback === undefined ? undefined : checkBoolean(where, 'Callback Enabled', updates.enableCallback, false);
		if (Object.keys(updates).length === 0) {
			throw fieldError(this.getNode(), itemIndex, 'Update Fields', 'nothing to update', 'Add at least one field to change.');
		}

		const current = await findQueue.call(this, queueId, itemIndex);
		const body: IDataObject = {
			Id: queueId,
			Name: name ?? current.Name,
			Attribute: attribute ?? current.Attribute,
		};
		const desc = newDescription ?? current.Desc;
		if (desc !== undefined) body.Desc = desc;
		// `false` is a real value here and must reach the API (typeof check, not truthiness).
		const enable = enableCallback ?? current.EnableCallback;
		if (typeof enable === 'boolean') body.EnableCallback = enable;
		// A queue without a callback reports one with empty strings: those are not values to keep.
		const currentConf = Object.fromEntries(
			Object.entries((current.CallbackConf ?? {}) as IDataObject).filter(([, value]) => value !== '' && value != null),
		) as IDataObject;
		if (Object.keys(callback).length > 0) {
			// A queue without a callback gets the same defaults as Create; an existing one keeps its values.
			const merged: IDataObject = { Method: 'HTTP', DataFormat: 'JSON', Type: 'entry', ...currentConf, ...callback };
			if (!merged.Endpoint) {
				throw fieldError(
					this.getNode(),
					itemIndex,
					'Callback URL',
					'this queue has no callback URL yet',
					'Add the Callback URL field together with the other callback fields.',
				);
			}
			body.CallbackConf = merged;
		} else if (currentConf.Endpoint) {
			body.CallbackConf = currentConf;
		} else if (enableCallback === true) {
			throw fieldError(
				this.getNode(),
				itemIndex,
				'Callback Enabled',
				'this queue has no callback URL to call',
				'Add the Callback URL field too.',
			);
		}
		await veImageXRequest.call(this, 'UpdateImageAIProcessQueue', body, { itemIndex });
		return asItems({ ...current, ...body, updated: Object.keys(updates) });
	});
}
