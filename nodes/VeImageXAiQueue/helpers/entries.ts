/** Entry (one image of a task) shaping: parsed Output, surfaced errors, optional download of the result. */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { downloadBinary } from '../../shared/binary';
import { at, checkBoolean, checkText, checkUrl } from '../../shared/validate';
import { parseJsonField } from '../../shared/items';

/** Flattens an ExecInfo record: `Output` (a JSON string) becomes an object, ErrCode/ErrMsg move to the top. */
export function normaliseEntry(info: IDataObject): IDataObject {
	const execOutput = (info.ExecOutput ?? {}) as IDataObject;
	const execInput = (info.ExecInput ?? {}) as IDataObject;
	const entry: IDataObject = {
		EntryId: info.EntryId,
		Status: info.Status,
		ObjectKey: execInput.ObjectKey,
		DataType: execInput.DataType,
		WorkflowTemplateId: info.WorkflowTemplateId,
		SubmitAt: info.SubmitAt,
		StartAt: info.StartAt,
		EndAt: info.EndAt,
	};
	const output = parseJsonField(execOutput.Output);
	if (output !== undefined && output !== '') entry.Output = output as IDataObject;
	if (execOutput.ErrCode) entry.ErrCode = execOutput.ErrCode;
	if (execOutput.ErrMsg) entry.ErrMsg = execOutput.ErrMsg;
	for (const [key, value] of Object.entries(info)) {
		if (!(key in entry) && key !== 'ExecOutput' && key !== 'ExecInput') entry[key] = value;
	}
	return entry;
}

export interface DownloadSettings {
	resultUrl: string;
	binaryPropertyName: string;
}

export function getDownloadSettings(this: IExecuteFunctions, itemIndex: number): DownloadSettings | undefined {
	const where = at(this, itemIndex);
	if (!checkBoolean(where, 'Download Results', this.getNodeParameter('download', itemIndex, false), false)) return undefined;
	const resultUrl = checkUrl(where, 'Result Domain or URL Template', this.getNodeParameter('resultUrl', itemIndex, ''), {
		required: true,
		fix: 'Enter a domain bound to the veImageX service, e.g. https://images.example.com, or a URL with {ObjectKey}.',
	});
	const binaryPropertyName =
		checkText(where, 'Put Output File in Field', this.getNodeParameter('binaryPropertyName', itemIndex, 'data'), {
			fix: 'Enter a field name such as data.',
			singleLine: true,
			maxLength: 256,
		}) || 'data';
	return { resultUrl, binaryPropertyName };
}

export function resultUrlFor(settings: DownloadSettings, objectKey: string): string {
	const encodedKey = objectKey.split('/').map(encodeURIComponent).join('/');
	return settings.resultUrl.includes('{ObjectKey}')
		? settings.resultUrl.split('{ObjectKey}').join(encodedKey)
		: `${settings.resultUrl.replace(/\/+$/, '')}/${encodedKey}`;
}

/** The output ObjectKey of an entry or an AIProcess result, whatever shape the template gives it. */
export function outputObjectKey(output: unknown): string | undefined {
	if (!output || typeof output !== 'object') return undefined;
	const record = output as IDataObject;
	for (const key of ['ObjectKey', 'StoreUri', 'Uri', 'ImageUri']) {
		if (typeof record[key] === 'string' && record[key]) return record[key] as string;
	}
	return undefined;
}

/** Downloads the output image when the entry has one; returns undefined otherwise. */
export async function downloadOutput(
	this: IExecuteFunctions,
	settings: DownloadSettings | undefined,
	output: unknown,
): Promise<IBinaryKeyData | undefined> {
	if (!settings) return undefined;
	const key = outputObjectKey(output);
	if (!key) return undefined;
	const data = await downloadBinary.call(this, resultUrlFor(settings, key));
	return { [settings.binaryPropertyName]: data };
}
