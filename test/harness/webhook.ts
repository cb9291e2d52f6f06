// callWebhook / runWebhookMethod: a trigger node's webhook() and webhookMethods through n8n-core's
// WebhookContext / HookContext, with the request/response objects n8n's webhook server would hand over.
import { randomUUID } from 'node:crypto';
import { HookContext, WebhookContext } from 'n8n-core';
import { Workflow as N8nWorkflow } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWebhookData,
	IWebhookDescription,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialFixtures } from './credentials-helper';
import { createEngine, fullType } from './context';
import { createFakeRequest, createFakeResponse, type HarnessRequest } from './http-fakes';

interface TriggerOptions {
	type: string;
	parameters: INodeParameters;
	credentials?: CredentialFixtures;
	/** The node's static data (`getWorkflowStaticData('node')`) before the call; returned after it. */
	staticData?: IDataObject;
	/** Which `description.webhooks` entry (default 'default'). */
	webhookName?: string;
	/** As on n8n's `/webhook-test/` path: execution mode 'manual', `webhookData.isTest = true`. */
	isTest?: boolean;
	typeVersion?: number;
	nodeName?: string;
	/** The node's webhookId (the UUID in its production URL); default a fixed one per call. */
	webhookId?: string;
	/** The workflow's id (default a fresh one per call); the same id = the same workflow, as for concurrent calls in n8n. */
	workflowId?: string;
	baseUrl?: string;
}

export interface CallWebhookOptions extends TriggerOptions {
	request: HarnessRequest;
}

export interface CallWebhookResult {
	workflowData?: INodeExecutionData[][];
	/** What the HTTP caller receives (n8n's response rules for responseMode 'onReceived'). */
	response: { statusCode: number; body?: unknown; headers: Record<string, string> };
	noWebhookResponse?: boolean;
	staticData: IDataObject;
	/** Whether n8n 2.41 stores the static data this call changed (see `persistedByN8n`). */
	staticDataSaved: boolean;
}

/**
 * n8n 2.41 (cli webhook-helpers `executeWebhook` + live-webhooks) saves a trigger's changed static data when it
 * answers the call: with `noWebhookResponse`, or without items, right after webhook(); when webhook() returns items
 * with its response to send, only after preparing the execution, which wraps the same static data in a new Workflow
 * (`WorkflowRunner.establishContextForPersistence`) and so clears the "changed" mark. Reproduced with n8n-workflow's
 * own Workflow class.
 */
function persistedByN8n(workflow: Workflow, result: { noWebhookResponse?: boolean; workflowData?: unknown }): boolean {
	if (!result.noWebhookResponse && result.workflowData !== undefined) {
		new N8nWorkflow({ id: workflow.id, nodes: Object.values(workflow.nodes), connections: workflow.connectionsBySourceNode, active: true, nodeTypes: workflow.nodeTypes, staticData: workflow.staticData });
	}
	return (workflow.staticData as IDataObject).__dataChanged === true;
}

export async function callWebhook(opts: CallWebhookOptions): Promise<CallWebhookResult> {
	const mode: WorkflowExecuteMode = opts.isTest ? 'manual' : 'webhook';
	const { workflow, node, additionalData, webhookData, description } = await setUp(opts, mode);
	const response = createFakeResponse();
	additionalData.httpRequest = createFakeRequest(opts.request, description.httpMethod as string);
	additionalData.httpResponse = response.express;

	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook) throw new Error(`harness: ${node.type} has no webhook()`);
	const result = await nodeType.webhook.call(context);

	let finalResponse: CallWebhookResult['response'];
	if (result.noWebhookResponse) {
		finalResponse = response.captured();
	} else if (result.workflowData === undefined) {
		// n8n: no execution; the node's webhookResponse, else the fixed acknowledgement.
		finalResponse = {
			statusCode: responseCode(workflow, node, description, mode),
			body: result.webhookResponse ?? { message: 'Webhook call received' },
			headers: {},
		};
	} else {
		finalResponse = {
			statusCode: responseCode(workflow, node, description, mode),
			body: onReceivedBody(workflow, node, description, mode, result.webhookResponse),
			headers: {},
		};
	}
	return {
		workflowData: result.workflowData,
		response: finalResponse,
		noWebhookResponse: result.noWebhookResponse,
		staticDataSaved: persistedByN8n(workflow, result),
		staticData: nodeStaticData(workflow, node),
	};
}

export interface RunWebhookMethodOptions extends Omit<TriggerOptions, 'webhookName'> {
	method: 'checkExists' | 'create' | 'delete';
	webhookName?: string;
	/** What `getNodeWebhookUrl()` returns, replacing the URL n8n would derive from `baseUrl` + webhookId + path. */
	webhookUrl?: string;
}

/** As n8n does on (de)activation: mode 'trigger' + activation 'activate' (test: 'manual' + 'manual'). */
export async function runWebhookMethod(opts: RunWebhookMethodOptions): Promise<{ result: boolean; staticData: IDataObject }> {
	const mode: WorkflowExecuteMode = opts.isTest ? 'manual' : 'trigger';
	const { workflow, node, additionalData, webhookData } = await setUp(opts, mode);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.webhookMethods?.[webhookData.webhookDescription.name]?.[opts.method];
	if (!method) throw new Error(`harness: ${node.type} has no webhookMethods.${webhookData.webhookDescription.name}.${opts.method}`);
	const context = new HookContext(workflow, node, additionalData, mode, opts.isTest ? 'manual' : 'activate', webhookData);
	if (opts.webhookUrl !== undefined) context.getNodeWebhookUrl = () => opts.webhookUrl;
	const result = await method.call(context);
	return { result, staticData: nodeStaticData(workflow, node) };
}

async function setUp(opts: TriggerOptions, mode: WorkflowExecuteMode) {
	const nodeName = opts.nodeName ?? 'Trigger under test';
	const node: INode = {
		id: 'trigger-under-test',
		name: nodeName,
		type: await fullType(opts.type),
		typeVersion: opts.typeVersion ?? 1,
		position: [0, 0],
		parameters: opts.parameters,
		webhookId: opts.webhookId ?? 'a1b2c3d4-0000-4000-8000-00000000feed',
		credentials: Object.fromEntries(
			Object.keys(opts.credentials ?? {}).map((t) => [t, { id: `fixture-${t}`, name: `${t} fixture` }]),
		),
	};
	const { workflow, additionalData } = await createEngine({
		nodes: [node],
		connections: {},
		credentials: opts.credentials,
		mode,
		// A plain object: mutations by the node are visible after the call, as n8n persists them.
		staticData: { [`node:${nodeName}`]: structuredClone(opts.staticData ?? {}) },
		baseUrl: opts.baseUrl,
		workflowId: opts.workflowId,
	});
	const realNode = workflow.getNode(nodeName)!; // parameters with defaults filled in by Workflow
	const nodeType = workflow.nodeTypes.getByNameAndVersion(realNode.type, realNode.typeVersion);
	const webhookName = opts.webhookName ?? 'default';
	const description = nodeType.description.webhooks?.find((w) => w.name === webhookName);
	if (!description) throw new Error(`harness: ${realNode.type} has no webhook named "${webhookName}"`);
	const webhookData: IWebhookData = {
		httpMethod: (description.httpMethod as IHttpRequestMethods) ?? 'POST',
		node: nodeName,
		path: String(description.path),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: realNode.webhookId ?? randomUUID(),
		isTest: opts.isTest === true,
	};
	return { workflow, node: realNode, additionalData, webhookData, description };
}

function nodeStaticData(workflow: Workflow, node: INode): IDataObject {
	// JSON round trip, not structuredClone: n8n hands out nested static data as (uncloneable) observable proxies.
	return JSON.parse(JSON.stringify(workflow.getStaticData('node', node) ?? {})) as IDataObject;
}

export function responseCode(workflow: Workflow, node: INode, description: IWebhookDescription, mode: WorkflowExecuteMode): number {
	const value = description.responseCode;
	if (value === undefined) return 200;
	if (typeof value === 'number') return value;
	return Number(workflow.expression.getSimpleParameterValue(node, value, mode, {}, undefined, 200));
}

/** n8n 2.41 `extractWebhookOnReceivedResponse`: a truthy `responseData` wins over `webhookResponse`. */
export function onReceivedBody(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	mode: WorkflowExecuteMode,
	webhookResponse: unknown,
): unknown {
	const responseMode = description.responseMode ?? 'onReceived';
	if (responseMode !== 'onReceived') {
		throw new Error(`harness: responseMode "${String(responseMode)}" is not supported (only 'onReceived')`);
	}
	const responseData =
		description.responseData === undefined
			? 'firstEntryJson'
			: workflow.expression.getSimpleParameterValue(node, description.responseData, mode, {}, undefined, 'firstEntryJson');
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (webhookResponse !== undefined) return webhookResponse;
	return { message: 'Workflow was started' };
}
