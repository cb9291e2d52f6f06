import type { INodeProperties } from 'n8n-workflow';

const veImageX = { show: { provider: ['veImageX'] } };
const vod = { show: { provider: ['vod'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'veImageX Queue Callbacks',
				value: 'veImageX',
				description: 'Results of Volcengine veImageX AI process queues (per image or per task)',
			},
			{
				name: 'Alibaba Cloud VOD Event Notifications',
				value: 'vod',
				description: 'AI image job results sent by ApsaraVideo VOD (AIComplete events)',
			},
		],
		default: 'veImageX',
	},

	// ---- veImageX ----
	{
		displayName:
			'veImageX does not sign its callbacks. This trigger only accepts calls that carry its secret: in the URL (token=…) and/or in the callback arguments. With a queue selected below, everything is set up on activation.',
		name: 'veImageXNotice',
		type: 'notice',
		default: '',
		displayOptions: veImageX,
	},
	{
		displayName: 'Queue ID',
		name: 'queueId',
		type: 'string',
		default: '',
		placeholder: '67d6bc8633fabc8f36001583',
		description:
			'Queue whose callbacks this trigger receives. Leave empty to configure the callback yourself (then set a Callback Secret).',
		displayOptions: veImageX,
	},
	{
		displayName: 'Register Callback on Queue',
		name: 'registerCallback',
		type: 'boolean',
		default: true,
		description:
			"Whether to point the queue's callback at this trigger when the workflow is activated, and put the previous callback settings back when it is deactivated. Needs a veImageX credential.",
		displayOptions: veImageX,
	},
	{
		displayName: 'Callback Per',
		name: 'callbackType',
		type: 'options',
		options: [
			{ name: 'Image (Entry)', value: 'entry', description: 'One callback each time an image is finished' },
			{ name: 'Task', value: 'task', description: 'One callback when the whole task is finished (up to 5,000 images per message)' },
		],
		default: 'entry',
		displayOptions: { show: { provider: ['veImageX'], registerCallback: [true] } },
	},
	{
		displayName: 'Callback Format',
		name: 'dataFormat',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'JSON' },
			{ name: 'XML', value: 'XML' },
		],
		default: 'JSON',
		displayOptions: { show: { provider: ['veImageX'], registerCallback: [true] } },
	},
	{
		displayName: 'Secret Check',
		name: 'secretCheck',
		type: 'options',
		options: [
			{ name: 'Both', value: 'both' },
			{ name: 'Callback Arguments Only', value: 'args' },
			{ name: 'Off (Anyone With the URL Can Trigger)', value: 'off' },
			{ name: 'URL Token Only', value: 'url' },
			{ name: 'URL Token or Callback Arguments', value: 'either' },
		],
		default: 'either',
		description: 'Where a callback must carry the secret to be accepted. Others are refused (401) without starting the workflow.',
		displayOptions: veImageX,
	},
	{
		displayName: 'Callback Secret',
		name: 'callbackSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Secret expected as the URL's token parameter and/or as the queue's callback arguments. Leave empty to have one generated on activation (only useful together with Register Callback on Queue).",
		displayOptions: veImageX,
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Item per Image', value: 'entry' },
			{ name: 'One Item per Callback Message', value: 'message' },
		],
		default: 'entry',
		displayOptions: veImageX,
	},

	// ---- VOD ----
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
		displayOptions: vod,
	},
	{
		displayName:
			'Signature check is off: anyone who learns the URL can start this workflow. Items then say "Unsigned" in their proof field; only events confirmed with the API (VOD credential + Confirm With API) carry data VOD vouches for.',
		name: 'vodUnsignedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: ['vod'], signatureCheck: ['off'] } },
	},
	{
		displayName: 'Callback Auth Key',
		name: 'authKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'The AuthKey of the VOD callback settings (URL authentication). Calls without a valid X-VOD-SIGNATURE for it are refused (401).',
		displayOptions: vod,
	},
	{
		displayName: 'Previous Auth Key',
		name: 'previousAuthKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Also accepted while you rotate the key; leave empty otherwise',
		displayOptions: vod,
	},
	{
		displayName: 'Maximum Age (Seconds)',
		name: 'maxAgeSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description: 'Refuse signed calls whose X-VOD-TIMESTAMP is further than this from now (0 = no limit)',
		displayOptions: vod,
	},
	{
		displayName: 'Public Callback URL',
		name: 'publicUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…',
		description:
			'The exact URL configured in VOD, if it differs from the webhook URL n8n shows (reverse proxy, rewritten host). The signature covers this URL.',
		displayOptions: vod,
	},
	{
		displayName: 'Events',
		name: 'eventFilter',
		type: 'options',
		options: [
			{
				name: 'AI Image Jobs',
				value: 'ai',
				description:
					'Event types starting with "AI", and any event whose JobId GetAIImageJobs confirms (the AI image EventType is not published). Others are answered 200 and logged.',
			},
			{ name: 'All Events', value: 'all' },
		],
		default: 'ai',
		displayOptions: vod,
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
		displayOptions: vod,
	},
	{
		displayName: 'Confirm With API',
		name: 'confirmWithApi',
		type: 'boolean',
		default: true,
		description:
			'Whether to fetch the job with GetAIImageJobs before starting the workflow and output what VOD reports (status and images from the API, not from the body, which the signature does not cover). Needs a VOD credential; without one, events are not confirmed. Confirmations arriving together share calls of up to 10 JobIds.',
		displayOptions: vod,
	},
	{
		displayName:
			'Without confirmation an event proves only that its sender knew the Auth Key at its timestamp: a captured signature can be replayed with another body for Maximum Age. Select a VOD credential to have every JobId confirmed.',
		name: 'vodConfirmNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: ['vod'], confirmWithApi: [false] } },
	},
	{
		displayName: 'Register Region-Wide Callback',
		name: 'registerVodCallback',
		type: 'boolean',
		default: false,
		description:
			"Whether to set this trigger as the VOD callback of the credential's whole region on activation (SetMessageCallback) and restore the previous settings on deactivation. This replaces the callback used by every other integration of the account in that region while active.",
		displayOptions: vod,
	},
	{
		displayName:
			'Region-wide: while this workflow is active, ALL VOD event notifications of this region (and App) go to this trigger only.',
		name: 'vodRegisterNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { provider: ['vod'], registerVodCallback: [true] } },
	},
	{
		displayName: 'App ID',
		name: 'appId',
		type: 'string',
		default: '',
		placeholder: 'app-1000000',
		description: 'VOD application whose callback settings are changed (empty = default application)',
		displayOptions: { show: { provider: ['vod'], registerVodCallback: [true] } },
	},

	// ---- both ----
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description: 'Whether to answer a repeated delivery of the same result with 200 without starting the workflow again',
			},
			{
				displayName: 'Repeat Window (Seconds)',
				name: 'dedupeWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 3600,
				description: 'How long a delivered result is remembered for Ignore Repeated Deliveries',
			},
			{
				displayName: 'Include Raw Message',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the message as received (secrets masked)',
			},
			{
				displayName: 'Maximum Body Size (MB)',
				name: 'maxBodyMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 16,
				description: 'Larger calls are refused with 413',
			},
		],
	},
];

export interface TriggerOptions {
	deduplicate?: boolean;
	dedupeWindowSeconds?: number;
	includeRaw?: boolean;
	maxBodyMb?: number;
}
