import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseJsonField } from '../../../shared/items';
import { downloadOutput, getDownloadSettings } from '../../helpers/entries';
import { checkImage, getDataType, getServiceId, getTemplateId, getWorkflowParameter } from '../../helpers/fields';
import { at, checkBoolean } from '../../../shared/validate';
import { runPerItem } from '../../../shared/perItem';
import { veImageXRequest } from '../../transport';
import {
	dataTypeField,
	downloadOptions,
	serviceIdField,
	workflowParameterField,
	workflowTemplateLocator,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	serviceIdField,
	dataTypeField,
	{
		displayName: 'Image URL or URI',
		name: 'image',
		type: 'string',
		default: '={{ $json.url }}',
		required: true,
		description: 'The image to process',
	},
	workflowTemplateLocator,
	workflowParameterField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Retry After Uncertain Failures',
				name: 'retryAmbiguous',
				type: 'boolean',
				default: false,
				description: 'Whether to repeat the call after a timeout or server error (the image may be processed and billed twice)',
			},
		],
	},
	...downloadOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['process'], operation: ['run'] } }, properties);

/** Synchronous AIProcess (1 call/s, up to 30 s): the workflow parameter carries `Input{ObjectKey, DataType}`. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const serviceId = getServiceId.call(this, itemIndex);
		const dataType = getDataType.call(this, itemIndex);
		const image = checkImage.call(this, itemIndex, this.getNodeParameter('image', itemIndex, ''), dataType);
		const templateId = getTemplateId.call(this, itemIndex);
		const parameters = getWorkflowParameter.call(this, itemIndex);
		const download = getDownloadSettings.call(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const retryAmbiguous = checkBoolean(at(this, itemIndex), 'Retry After Uncertain Failures', options.retryAmbiguous, false);
		const workflowParameter = { ...parameters, Input: { ObjectKey: image, DataType: dataType } };
		const result = await veImageXRequest.call(
			this,
			'AIProcess',
			{ ServiceId: serviceId, WorkflowTemplateId: templateId, WorkflowParameter: JSON.stringify(workflowParameter) },
			{ itemIndex, retryAmbiguous },
		);
		const output = parseJsonField(result.Output);
		const json: IDataObject = { Image: image, WorkflowTemplateId: templateId, Output: output as IDataObject };
		const binary = await downloadOutput.call(this, download, output);
		return [binary ? { json, binary } : { json }];
	});
}
