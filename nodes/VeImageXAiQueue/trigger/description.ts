import type { INodeProperties } from 'n8n-workflow';

import { triggerOptions } from '../../shared/callbackTrigger/description';
import { queueLocator } from '../actions/common.descriptions';

export const properties: INodeProperties[] = [
	{
		// Named "Event": n8n's node creator lists one entry per option of the property displayed as Event(s).
		displayName: 'Event',
		name: 'callbackType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Image Processed',
				value: 'entry',
				action: 'On veImageX image processed',
				description: 'One callback each time an image of a task is finished',
			},
			{
				name: 'Task Finished',
				value: 'task',
				action: 'On veImageX task finished',
				description: 'One callback when the whole task is finished (up to 5,000 images per message)',
			},
		],
		default: 'entry',
		description:
			"Set on the queue when this trigger registers its callback. Without registration the queue's own setting decides; both kinds are accepted.",
	},
	{
		displayName:
			'veImageX does not sign its callbacks. This trigger only accepts calls that carry its secret: in the URL (token=…) and/or in the callback arguments. With a queue selected below, everything is set up on activation.',
		name: 'veImageXNotice',
		type: 'notice',
		default: '',
	},
	{
		...queueLocator,
		required: false,
		description:
			'Queue whose callbacks this trigger receives. Leave empty to configure the callback yourself (then set a Callback Secret).',
	},
	{
		displayName: 'Register Callback on Queue',
		name: 'registerCallback',
		type: 'boolean',
		default: true,
		description:
			"Whether to point the queue's callback at this trigger when the workflow is activated, and put the previous callback settings back when it is deactivated. Needs a veImageX credential.",
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
		displayOptions: { show: { registerCallback: [true] } },
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
	},
	{
		displayName: 'Callback Secret',
		name: 'callbackSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Secret expected as the URL's token parameter and/or as the queue's callback arguments. Leave empty to have one generated on activation (only useful together with Register Callback on Queue).",
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
	},

	triggerOptions,
];
