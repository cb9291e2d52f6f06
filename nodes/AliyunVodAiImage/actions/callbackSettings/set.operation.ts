import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import type { VodContext } from '../../helpers/context';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { appIdField, regionWideNotice } from './shared';
import { idParameter } from '../../helpers/parameters';
import { at, checkBoolean, checkOptions, checkText, checkUrl } from '../../../shared/validate';

const EVENT_TYPES = [
	{ name: 'AI Processing Completed (AIComplete)', value: 'AIComplete', description: 'All AI events, including AI image (smart thumbnail) jobs' },
	{ name: 'All Events (ALL)', value: 'ALL' },
	{ name: 'Audio/Video Upload Completed', value: 'FileUploadComplete' },
	{ name: 'Image Upload Completed', value: 'ImageUploadComplete' },
	{ name: 'Snapshot Completed', value: 'SnapshotComplete' },
	{ name: 'Stream Transcode Completed', value: 'StreamTranscodeComplete' },
	{ name: 'Transcode Completed', value: 'TranscodeComplete' },
	{ name: 'Upload by URL Completed', value: 'UploadByURLComplete' },
	{ name: 'Video Analysis Completed', value: 'VideoAnalysisComplete' },
];

const properties: INodeProperties[] = [
	regionWideNotice,
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://n8n.example.com/webhook/vod-ai',
		description: 'HTTP(S) address VOD posts events to (at most 256 bytes)',
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'multiOptions',
		default: ['AIComplete'],
		options: EVENT_TYPES,
		description: 'Events to send. AI image jobs need "AIComplete"; per-job Callback URLs only work when it is enabled here.',
	},
	{
		displayName: 'Sign Callbacks',
		name: 'authSwitch',
		type: 'boolean',
		default: true,
		description: 'Whether VOD signs each callback (X-VOD-SIGNATURE) with the key below, so the receiver can reject forged calls',
	},
	{
		displayName: 'Auth Key',
		name: 'authKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		displayOptions: { show: { authSwitch: [true] } },
		description: 'At most 32 characters with upper-case letters, lower-case letters and digits. Use the same key in the callback trigger.',
	},
	appIdField,
];

export const description = updateDisplayOptions({ show: { resource: ['callbackSettings'], operation: ['set'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const node = this.getNode();
		const where = at(this, itemIndex);
		const callbackUrl = checkUrl(where, 'Callback URL', this.getNodeParameter('callbackUrl', itemIndex, ''), {
			required: true,
			fix: 'Enter the full address, e.g. the production URL of the AI Image Callback Trigger.',
		});
		if (Buffer.byteLength(callbackUrl, 'utf8') > 256) throw fieldError(node, itemIndex, 'Callback URL', 'is longer than 256 bytes', 'Use a shorter URL.');
		const eventTypes = checkOptions(where, 'Event Types', this.getNodeParameter('eventTypes', itemIndex, []), EVENT_TYPES.map((type) => type.value));
		if (eventTypes.length === 0) throw fieldError(node, itemIndex, 'Event Types', 'none selected', 'Select at least "AI Processing Completed (AIComplete)".');
		const authSwitch = checkBoolean(where, 'Sign Callbacks', this.getNodeParameter('authSwitch', itemIndex, false), false);
		// checkText never quotes the value it refuses: the key is a secret.
		const authKey = authSwitch ? checkText(where, 'Auth Key', this.getNodeParameter('authKey', itemIndex, ''), { fix: 'Enter the key as text.' }) : '';
		if (authSwitch && !(authKey.length <= 32 && /[A-Z]/.test(authKey) && /[a-z]/.test(authKey) && /[0-9]/.test(authKey))) {
			throw fieldError(node, itemIndex, 'Auth Key', 'must be at most 32 characters and contain upper-case letters, lower-case letters and digits', 'Enter a key like "Vod2024Key" (or turn Sign Callbacks off).');
		}
		const appId = idParameter(this, 'appId', itemIndex, 'App ID', { fix: 'Enter the VOD application ID (e.g. app-1000000), or leave it empty for the default application.' });
		const params = {
			CallbackType: 'HTTP',
			CallbackURL: callbackUrl,
			EventTypeList: eventTypes.join(','),
			AuthSwitch: authSwitch ? 'on' : 'off',
			AuthKey: authKey || undefined,
			AppId: appId || undefined,
		};
		const body = await vodRequest.call(this, context, 'SetMessageCallback', params, {
			kind: 'idempotent',
			itemIndex,
			secretValues: authKey ? [authKey] : [],
		});
		// Echo what was set, never the key itself.
		const { AuthKey, ...visible } = params;
		return asItems({ ...visible, AuthKeySet: AuthKey !== undefined, Region: context.region, RequestId: body.RequestId });
	});
}
