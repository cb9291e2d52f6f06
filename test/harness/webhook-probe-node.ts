// Harness-only webhook trigger (never in dist/): proves callWebhook/runWebhookMethod wire n8n's
// WebhookContext/HookContext correctly — raw bytes, 401 written by the node, static data persisted,
// production vs test URL — independently of the package's real trigger.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IDataObject, IHookFunctions, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export const WEBHOOK_PROBE_TYPE = 'harness.webhookProbe';

/** Signature the probe expects in `x-probe-signature`: hex HMAC-SHA256 of the raw body. */
export function probeSignature(secret: string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export const webhookProbeNode: INodeType = {
	description: {
		displayName: 'Webhook Probe (harness only)',
		name: 'webhookProbe',
		group: ['trigger'],
		version: 1,
		description: 'Verifies an HMAC over the raw body with a secret kept in node static data',
		defaults: { name: 'Webhook Probe' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'probe', responseData: '' }],
		properties: [{ displayName: 'Secret', name: 'secret', type: 'string', default: 'probe-secret' }],
	},
	webhookMethods: {
		default: {
			async checkExists(this: IHookFunctions) {
				const data = this.getWorkflowStaticData('node');
				return data.registeredUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions) {
				const data = this.getWorkflowStaticData('node');
				data.registeredUrl = this.getNodeWebhookUrl('default');
				data.secret = this.getNodeParameter('secret') as string;
				data.activation = this.getActivationMode();
				return true;
			},
			async delete(this: IHookFunctions) {
				const data = this.getWorkflowStaticData('node');
				delete data.registeredUrl;
				delete data.secret;
				return true;
			},
		},
	},
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const data = this.getWorkflowStaticData('node');
		const expected = Buffer.from(probeSignature(String(data.secret ?? ''), req.rawBody));
		const received = Buffer.from(String(req.headers['x-probe-signature'] ?? ''));
		if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
			this.getResponseObject().status(401).send('Unauthorized').end();
			return { noWebhookResponse: true };
		}
		data.deliveries = Number(data.deliveries ?? 0) + 1;
		const json: IDataObject = {
			body: this.getBodyData(),
			query: this.getQueryData() as IDataObject,
			rawBody: req.rawBody.toString('utf8'),
			productionUrl: this.getNodeWebhookUrl('default'),
			resourceUrl: this.getWebhookResourceUrl('default'),
			mode: this.getMode(),
		};
		return { workflowData: [[{ json }]], webhookResponse: { received: true } };
	},
};
