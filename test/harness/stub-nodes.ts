// Node types that exist only inside the harness (never in dist/):
// - a stand-in for n8n-nodes-base's Manual Trigger (not installed here) that emits the test's input items;
// - a probe that sends one request through `httpRequestWithAuthentication` with a predefined credential,
//   the way n8n's HTTP Request node does, so signing can be proven without the action nodes.
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const PROBE_TYPE = 'harness.signedRequestProbe';

/** Items the manual-trigger stub emits, per workflow id (each harness run gets its own workflow id). */
export const startItemsByWorkflowId = new Map<string, INodeExecutionData[]>();

export const manualTriggerStub: INodeType = {
	description: {
		displayName: 'Manual Trigger (harness stub)',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Emits the harness input items (one empty item by default, like n8n\'s Manual Trigger)',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const items = startItemsByWorkflowId.get(this.getWorkflow().id ?? '') ?? [{ json: {} }];
		return [items];
	},
};

/**
 * Parameters: `credentialType`, `request` (JSON of IHttpRequestOptions), `undefinedFields`
 * (comma-separated dotted paths, e.g. `qs.Empty,headers.X-None`, set to `undefined` before sending: the HTTP
 * Request node passes such holes and a signer must tolerate them). Always returns the full response and does
 * not throw on HTTP status, so a test can read the server's verdict per item. `binaryPropertyName` stores the
 * response body as binary data through `helpers.prepareBinaryData`.
 */
export function createProbeNode(credentialTypes: string[]): INodeType {
	return {
		description: {
			displayName: 'Signed Request Probe (harness only)',
			name: 'signedRequestProbe',
			group: ['transform'],
			version: 1,
			description: 'Sends one request with a predefined credential',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: credentialTypes.map((name) => ({ name, required: false })),
			properties: [
				{ displayName: 'Credential Type', name: 'credentialType', type: 'string', default: '' },
				{ displayName: 'Request', name: 'request', type: 'json', default: '{}' },
				{ displayName: 'Undefined Fields', name: 'undefinedFields', type: 'string', default: '' },
				{ displayName: 'Put Response Body Into Binary', name: 'binaryPropertyName', type: 'string', default: '' },
			],
		},
		async execute(this: IExecuteFunctions) {
			const out: INodeExecutionData[] = [];
			const items = this.getInputData();
			for (let i = 0; i < items.length; i++) {
				const credentialType = this.getNodeParameter('credentialType', i) as string;
				const raw = this.getNodeParameter('request', i) as string | IDataObject;
				const options = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IHttpRequestOptions;
				const holes = (this.getNodeParameter('undefinedFields', i) as string).split(',').filter(Boolean);
				for (const path of holes) setUndefined(options as unknown as IDataObject, path.trim().split('.'));
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					...options,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				})) as { statusCode: number; body: unknown; headers: IDataObject };
				const item: INodeExecutionData = {
					json: { statusCode: response.statusCode, body: response.body as IDataObject },
					pairedItem: { item: i },
				};
				const binaryPropertyName = this.getNodeParameter('binaryPropertyName', i) as string;
				if (binaryPropertyName) {
					// Exercises n8n's binary data service the way a download node does.
					const bytes = Buffer.from(JSON.stringify(response.body));
					item.binary = {
						[binaryPropertyName]: await this.helpers.prepareBinaryData(bytes, 'response.json', 'application/json'),
					};
				}
				out.push(item);
			}
			return [out];
		},
	};
}

function setUndefined(target: IDataObject, path: string[]): void {
	let cursor = target;
	for (const key of path.slice(0, -1)) {
		cursor[key] ??= {};
		cursor = cursor[key] as IDataObject;
	}
	cursor[path[path.length - 1]] = undefined;
}

/** Harness-only credential with a generic (declarative) `authenticate`, to prove that path of the helper. */
export const genericTestCredential: ICredentialType = {
	name: 'harnessGenericApi',
	displayName: 'Harness Generic API (harness only)',
	properties: [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'default-tenant' },
	],
	authenticate: {
		type: 'generic',
		properties: {
			headers: { 'X-Api-Key': '={{$credentials.apiKey}}' },
			qs: { tenant: '={{$credentials.tenant}}' },
		},
	},
};
