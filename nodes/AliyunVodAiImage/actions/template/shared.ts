import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { fieldError } from '../../../shared/errors';
import { jsonObject, parseJsonParameter } from '../../../shared/json';
import { idParameter, textParameter } from '../../helpers/parameters';
import { at, checkBoolean, checkOption, choicesOf } from '../../../shared/validate';

/** Resource locator over the region's AIImage templates (list) or a typed ID. */
export const aiImageTemplateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'templateId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'An AI template of type AIImage (smart thumbnail) in the credential\'s region',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAiImageTemplates', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1f27a7fe2d6e4dd1a7f3e5d1c2b8****',
			validation: [{ type: 'regex', properties: { regex: '^[A-Za-z0-9_-]+$', errorMessage: 'A template ID has only letters, digits, - and _' } }],
		},
	],
};

export const templateIdLocator: INodeProperties = {
	...aiImageTemplateLocator,
	description: 'The AI template (the list shows AIImage templates; enter the ID of an AIMediaAudit template by ID)',
};

export const templateTypeField: INodeProperties = {
	displayName: 'Template Type',
	name: 'templateType',
	type: 'options',
	default: 'AIImage',
	options: [
		{ name: 'AI Image (Smart Thumbnail)', value: 'AIImage' },
		{ name: 'AI Media Audit', value: 'AIMediaAudit' },
	],
};

export const templateNameField: INodeProperties = {
	displayName: 'Template Name',
	name: 'templateName',
	type: 'string',
	required: true,
	default: '',
	description: 'At most 128 bytes',
};

/** Builder (AIImage: Format + Set as Default Cover) or raw JSON for any template type. */
export function templateConfigFields(showBuilder: Record<string, string[]> = {}): INodeProperties[] {
	return [
		{
			displayName: 'Configuration Mode',
			name: 'configMode',
			type: 'options',
			default: 'builder',
			displayOptions: { show: showBuilder },
			options: [
				{ name: 'Smart Thumbnail Settings', value: 'builder', description: 'Set the format and cover option of an AIImage template' },
				{ name: 'JSON', value: 'json', description: 'Enter the TemplateConfig JSON yourself' },
			],
		},
		{
			displayName: 'Format',
			name: 'format',
			type: 'options',
			default: 'gif',
			displayOptions: { show: { ...showBuilder, configMode: ['builder'] } },
			options: [
				{ name: 'GIF (Animated)', value: 'gif' },
				{ name: 'PNG (Still Image)', value: 'png' },
			],
			description: 'File format of the thumbnails the jobs produce',
		},
		{
			displayName: 'Set as Default Cover',
			name: 'setDefaultCover',
			type: 'boolean',
			default: false,
			displayOptions: { show: { ...showBuilder, configMode: ['builder'] } },
			description: 'Whether the best thumbnail automatically becomes the video\'s cover',
		},
		{
			displayName: 'Template Config (JSON)',
			name: 'templateConfigJson',
			type: 'json',
			default: '{"Format":"gif","SetDefaultCover":"false"}',
			displayOptions: { show: { ...showBuilder, configMode: ['json'] } },
			description: '{"Format":"gif"|"png","SetDefaultCover":"true"|"false"}',
		},
		{
			// Same parameter for the other type: n8n drops hidden parameters, and Configuration Mode is hidden there.
			displayName: 'Template Config (JSON)',
			name: 'templateConfigJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { templateType: ['AIMediaAudit'] } },
			description: 'The AIMediaAudit configuration: AuditItem, AuditRange and AuditContent (lists) and AuditAutoBlock, as described in the VOD documentation',
		},
	];
}

const configExample = 'Enter a JSON object such as {"Format":"gif","SetDefaultCover":"false"}.';

/** AIImage's TemplateConfig; other keys pass through to VOD unchanged. */
const aiImageConfigSchema = z
	.object(
		{
			Format: z.enum(['gif', 'png'], { errorMap: (_issue, ctx) => ({ message: `must be "gif" or "png", got ${JSON.stringify(ctx.data)}` }) }),
			// VOD wants the strings; a JSON boolean is what users type most often, so it is accepted and converted.
			SetDefaultCover: z.preprocess(
				(value) => (typeof value === 'boolean' ? String(value) : value),
				z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be "true" or "false"' }) }),
			),
		},
		{ invalid_type_error: 'must be a JSON object' },
	)
	.passthrough();

/** The TemplateConfig string to send, or the field error. */
export function readTemplateConfig(this: IExecuteFunctions, itemIndex: number, templateType: string): string {
	const where = at(this, itemIndex);
	const mode = templateType === 'AIImage' ? checkOption(where, 'Configuration Mode', this.getNodeParameter('configMode', itemIndex, 'builder'), ['builder', 'json'] as const, 'builder') : 'json';
	if (mode === 'builder') {
		const format = checkOption(where, 'Format', this.getNodeParameter('format', itemIndex, 'gif'), ['gif', 'png'] as const, 'gif');
		const cover = checkBoolean(where, 'Set as Default Cover', this.getNodeParameter('setDefaultCover', itemIndex, false), false);
		return JSON.stringify({ Format: format, SetDefaultCover: cover ? 'true' : 'false' });
	}
	const config = parseJsonParameter(this.getNode(), itemIndex, this.getNodeParameter('templateConfigJson', itemIndex, ''), {
		field: 'Template Config (JSON)',
		schema: templateType === 'AIImage' ? aiImageConfigSchema : jsonObject,
		fix: configExample,
		fixes: { Format: 'Set "Format" to "gif" or "png".', SetDefaultCover: 'Set "SetDefaultCover" to the string "true" or "false".' },
	});
	return JSON.stringify(config);
}

/** Template Type: an expression could give any value. */
export function readTemplateType(this: IExecuteFunctions, itemIndex: number): string {
	return checkOption(at(this, itemIndex), 'Template Type', this.getNodeParameter('templateType', itemIndex, 'AIImage'), choicesOf(templateTypeField), 'AIImage');
}

export function readTemplateName(this: IExecuteFunctions, itemIndex: number): string {
	const name = textParameter(this, 'templateName', itemIndex, 'Template Name', { required: true, fix: 'Enter a name for the template.' });
	const bytes = Buffer.byteLength(name, 'utf8');
	if (bytes > 128) throw fieldError(this.getNode(), itemIndex, 'Template Name', `is ${bytes} bytes, more than 128`, 'Use a shorter name (Chinese characters count 3 bytes each).');
	return name;
}

export function readTemplateId(this: IExecuteFunctions, itemIndex: number): string {
	return idParameter(this, 'templateId', itemIndex, 'Template', { required: true, emptyProblem: 'no template selected', fix: 'Pick a template from the list or enter its ID.' });
}
