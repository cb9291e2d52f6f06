/** Queue fields shared by Create and Update, and their conversion to the API body. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import { QUEUE_ATTRIBUTES } from '../../helpers/constants';
import { at, checkOption, checkText, choicesOf } from '../../../shared/validate';
import { validateCallbackEndpoint } from '../../helpers/fields';

export const CUSTOM_ATTRIBUTE = '__custom';

export const attributeOptions = [
	...QUEUE_ATTRIBUTES,
	{ name: 'Other (Enter Below)', value: CUSTOM_ATTRIBUTE, description: 'An attribute not in this list' },
];

export const callbackFields: INodeProperties[] = [
	{
		displayName: 'Callback URL',
		name: 'callbackEndpoint',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/webhook/veimagex',
		description: 'Where veImageX POSTs results (for example the URL of an AI Image Callback Trigger node)',
	},
	{
		displayName: 'Callback Format',
		name: 'callbackDataFormat',
		type: 'options',
		default: 'JSON',
		description: 'Body format of the callback requests',
		options: [
			{ name: 'JSON', value: 'JSON' },
			{ name: 'XML', value: 'XML' },
		],
	},
	{
		displayName: 'Callback Per',
		name: 'callbackType',
		type: 'options',
		default: 'entry',
		description: 'Whether veImageX calls once per finished image or once per finished task',
		options: [
			{ name: 'Image (Entry)', value: 'entry', description: 'One callback per finished image' },
			{ name: 'Task', value: 'task', description: 'One callback when the whole task finished' },
		],
	},
	{
		displayName: 'Callback Passthrough Text',
		name: 'callbackArgs',
		type: 'string',
		default: '',
		description: 'Text veImageX sends back unchanged as callback_args (e.g. a nonce to check in the trigger)',
	},
];

const CALLBACK_KEYS: Record<string, string> = {
	callbackEndpoint: 'Endpoint',
	callbackDataFormat: 'DataFormat',
	callbackType: 'Type',
	callbackArgs: 'Args',
};

/** The CallbackConf sub-fields the user set, in API names. */
/** Each callback field checked for what it may hold (an expression can give any type). */
function callbackValue(this: IExecuteFunctions, param: string, value: unknown, itemIndex: number, labelPrefix: string): string {
	const where = at(this, itemIndex);
	const field = callbackFields.find((property) => property.name === param) as INodeProperties;
	const label = `${labelPrefix}${field.displayName}`;
	if (param === 'callbackEndpoint') return validateCallbackEndpoint.call(this, value, label, itemIndex);
	if (field.type === 'options') return checkOption(where, label, value, choicesOf(field));
	return checkText(where, label, value, { fix: 'Enter plain text.', singleLine: true, maxLength: 1024 });
}

/** The callback fields that are set, checked, under their API names; `labelPrefix` as the fields are shown ('Task '). */
export function callbackUpdates(this: IExecuteFunctions, fields: IDataObject, itemIndex: number, labelPrefix = ''): IDataObject {
	const conf: IDataObject = {};
	for (const [param, apiKey] of Object.entries(CALLBACK_KEYS)) {
		if (fields[param] === undefined) continue;
		conf[apiKey] = callbackValue.call(this, param, fields[param], itemIndex, labelPrefix);
	}
	return conf;
}

/** Attribute from an options value plus the free-text fallback. */
export function resolveAttribute(
	this: IExecuteFunctions,
	attribute: unknown,
	customAttribute: unknown,
	itemIndex: number,
): string {
	const where = at(this, itemIndex);
	const fix = 'Choose one of the listed attributes or enter the attribute name of your queue type.';
	const value =
		attribute === CUSTOM_ATTRIBUTE
			? checkText(where, 'Custom Attribute', customAttribute, { fix, singleLine: true, maxLength: 128 })
			: checkText(where, 'Attribute', attribute, { fix, singleLine: true, maxLength: 128 });
	if (!value) {
		throw fieldError(
			this.getNode(),
			itemIndex,
			attribute === CUSTOM_ATTRIBUTE ? 'Custom Attribute' : 'Attribute',
			'is empty',
			'Choose one of the listed attributes or enter the attribute name of your queue type.',
		);
	}
	return value;
}
