import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

/** The options both triggers share (read by settings.ts `commonSettings`). */
export const triggerOptions: INodeProperties = {
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
			description:
				'Whether to answer a repeated delivery of the same result with 200 without starting the workflow again. On, a checked call is answered 200 before n8n queues the execution (so n8n can store what was delivered); off, n8n answers once the execution is queued, so the provider retries if n8n cannot queue it.',
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
};

export interface TriggerOptions {
	deduplicate?: boolean;
	dedupeWindowSeconds?: number;
	includeRaw?: boolean;
	maxBodyMb?: number;
}

/** The production/test webhook both triggers serve (the path is part of the URL users copy: keep it). */
export const callbackWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	// The answer is written as soon as the call is accepted; the workflow runs afterwards.
	responseMode: 'onReceived',
	responseData: '',
	path: 'ai-image-callback',
};
