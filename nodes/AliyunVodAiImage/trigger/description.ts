import type { INodeProperties } from 'n8n-workflow';

import { triggerOptions } from '../../shared/callbackTrigger/description';

export const properties: INodeProperties[] = [
	{
		// n8n's node creator lists one entry per option of the property displayed as Event(s).
		displayName: 'Events',
		name: 'eventFilter',
		type: 'options',
		options: [
			{
				name: 'AI Image Jobs',
				value: 'ai',
				action: 'On VOD AI image job finished',
				description:
					'Event types starting with "AI", and any event whose JobId GetAIImageJobs confirms (the AI image EventType is not published). Others are answered 200 and logged.',
			},
			{
				name: 'All Events',
				value: 'all',
				action: 'On any VOD event notification',
				description: 'Every event notification VOD sends to this URL (uploads, transcoding, AI jobs…)',
			},
		],
		default: 'ai',
	},
	{
		displayName: 'Signature Check',
		name: 'signatureCheck',
		type: 'options',
		options: [
			{
				name: 'Required (Refuse Unsigned Calls)',
				value: 'required',
				description: 'Only calls with a valid X-VOD-SIGNATURE for the Callback Auth Key start the workflow',
			},
			{
				name: 'Off (Anyone With the URL Can Trigger)',
				value: 'off',
				description: 'Accept unsigned calls. Only with Confirm With API is an event then more than a claim.',
			},
		],
		default: 'required',
	},
	{
		displayName:
			'Signature check is off: anyone who learns the URL can start this workflow. Items then say "Unsigned" in their proof field; only events confirmed with the API (VOD credential + Confirm With API) carry data VOD vouches for.',
		name: 'vodUnsignedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { signatureCheck: ['off'] } },
	},
	{
		displayName: 'Callback Auth Key',
		name: 'authKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'The AuthKey of the VOD callback settings (URL authentication). Calls without a valid X-VOD-SIGNATURE for it are refused (401).',
	},
	{
		displayName: 'Previous Auth Key',
		name: 'previousAuthKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Also accepted while you rotate the key; leave empty otherwise',
	},
	{
		displayName: 'Maximum Age (Seconds)',
		name: 'maxAgeSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description: 'Refuse signed calls whose X-VOD-TIMESTAMP is further than this from now (0 = no limit)',
	},
	{
		displayName: 'Public Callback URL',
		name: 'publicUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…',
		description:
			'The exact URL configured in VOD, if it differs from the webhook URL n8n shows (reverse proxy, rewritten host). The signature covers this URL.',
	},
	{
		displayName: 'Status',
		name: 'statusFilter',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Success Only', value: 'success' },
			{ name: 'Failure Only', value: 'fail' },
		],
		default: 'any',
	},
	{
		displayName: 'Confirm With API',
		name: 'confirmWithApi',
		type: 'boolean',
		default: true,
		description:
			'Whether to fetch the job with GetAIImageJobs before starting the workflow and output what VOD reports (status and images from the API, not from the body, which the signature does not cover). Needs a VOD credential; without one, events are not confirmed. Confirmations arriving together share calls of up to 10 JobIds.',
	},
	{
		displayName:
			'Without confirmation an event proves only that its sender knew the Auth Key at its timestamp: a captured signature can be replayed with another body for Maximum Age. Select a VOD credential to have every JobId confirmed.',
		name: 'vodConfirmNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { confirmWithApi: [false] } },
	},
	{
		displayName: 'Register Region-Wide Callback',
		name: 'registerVodCallback',
		type: 'boolean',
		default: false,
		description:
			"Whether to set this trigger as the VOD callback of the credential's whole region on activation (SetMessageCallback) and restore the previous settings on deactivation. This replaces the callback used by every other integration of the account in that region while active.",
	},
	{
		displayName:
			'Region-wide: while this workflow is active, ALL VOD event notifications of this region (and App) go to this trigger only.',
		name: 'vodRegisterNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registerVodCallback: [true] } },
	},
	{
		displayName: 'App ID',
		name: 'appId',
		type: 'string',
		default: '',
		placeholder: 'app-1000000',
		description: 'VOD application whose callback settings are changed (empty = default application)',
		displayOptions: { show: { registerVodCallback: [true] } },
	},

	triggerOptions,
];
