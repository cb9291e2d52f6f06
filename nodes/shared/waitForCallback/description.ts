/**
 * The n8n side of "wait for the provider's callback": a resume webhook (n8n's waiting-execution mechanism, as the
 * Wait node "On Webhook Call", GitHub `dispatchAndWait` and the `sendAndWait` operations use it), two outputs for
 * the waiting operation only, and the Maximum Wait field.
 */
import type { INodeOutputConfiguration, INodeProperties, IWebhookDescription } from 'n8n-workflow';

/**
 * `restartWebhook`: only a waiting execution of this node can be resumed through it (never registered on
 * activation). `responseData: ''`: otherwise n8n answers the caller with the literal text "firstEntryJson".
 * `path: ''`: the callback URL is `$execution.resumeUrl` itself (plus our batch marker in the query).
 */
export const resumeWebhook: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	responseData: '',
	path: '',
	restartWebhook: true,
	isFullPath: true,
};

/**
 * n8n never calls webhook methods for a `restartWebhook` (nothing is registered with the provider on activation:
 * each execution points its own tasks/jobs at its own resume URL). They exist because n8n's community lint rule
 * `webhook-lifecycle-complete` asks every node with webhooks for them; they report "nothing to register".
 */
export const resumeWebhookMethods = {
	default: {
		async checkExists(): Promise<boolean> {
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};

/**
 * Output 0 MUST be "Timed Out": when the deadline passes n8n resumes the execution without running any node code
 * and passes the node's input items through on output 0. A callback resume puts the results on output 1 (Done).
 */
export const WAIT_OUTPUTS: INodeOutputConfiguration[] = [
	{ type: 'main', displayName: 'Timed Out' },
	{ type: 'main', displayName: 'Done' },
];

/** Index of the "Done" output. */
export const DONE_OUTPUT = 1;

/**
 * Outputs as an n8n expression (as the If/Switch nodes do): two outputs for the waiting operation, one otherwise,
 * so existing operations, workflows and examples keep their single output.
 */
export function outputsFor(waitingOperation: string): `={{${string}}}` {
	return `={{${` $parameter.operation === ${JSON.stringify(waitingOperation)} ? ${JSON.stringify(WAIT_OUTPUTS)} : ["main"] `}}}`;
}

export const maxWaitField: INodeProperties = {
	displayName: 'Maximum Wait (Minutes)',
	name: 'maxWaitMinutes',
	type: 'number',
	default: 1440,
	typeOptions: { minValue: 0.1 },
	description:
		'After this long the execution continues on the "Timed Out" output with the input items (connect it to Wait for Completion or Get to collect late results). While waiting, no n8n worker is held.',
};

export const callbackNotice = (provider: string): INodeProperties => ({
	displayName: `Every ${provider} callback is pointed at this execution's resume URL: n8n saves the execution and continues it when the last result is in. Set WEBHOOK_URL so that the URL is reachable from ${provider}. Not available to AI agents.`,
	name: 'waitForCallbackNotice',
	type: 'notice',
	default: '',
});
