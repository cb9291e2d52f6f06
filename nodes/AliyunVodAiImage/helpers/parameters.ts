import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

/**
 * A text parameter, trimmed. An expression that resolves to nothing (`{{ $json.VideoId }}` on an item without
 * that field) gives '' so the field's "is empty" check catches it, instead of sending the text "undefined".
 */
export function textParameter(fns: IExecuteFunctions, name: string, itemIndex: number, options?: IGetNodeParameterOptions): string {
	const value = fns.getNodeParameter(name, itemIndex, '', options) as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}
