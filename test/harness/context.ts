// What n8n builds around one execution: the node-type registry (package + harness stubs), the workflow,
// and IWorkflowExecuteAdditionalData (URLs, credentials helper, lifecycle hooks).
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, type PackageDirectoryLoader } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeType,
	type INodeTypes,
	type IConnections,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { FixtureCredentialsHelper, type CredentialFixtures } from './credentials-helper';
import { loadPackage } from './package-loader';
import { createProbeNode, genericTestCredential, manualTriggerStub, MANUAL_TRIGGER_TYPE, PROBE_TYPE } from './stub-nodes';
import { webhookProbeNode, WEBHOOK_PROBE_TYPE } from './webhook-probe-node';
import { httpRequestNode, HTTP_REQUEST_TYPE } from './http-request-node';

/** Base URL the fake instance "listens" on; only used to build webhook/resume URLs, nothing binds to it. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:5678';

export async function packageName(): Promise<string> {
	return (await loadPackage()).packageName;
}

/** Accepts a short name ('veImageXAiQueue') or a full type string. */
export async function fullType(type: string): Promise<string> {
	return type.includes('.') ? type : `${await packageName()}.${type}`;
}

class HarnessNodeTypes implements INodeTypes {
	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly stubs: Record<string, INodeType>,
	) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		if (type === HTTP_REQUEST_TYPE) return httpRequestNode();
		const found = this.stubs[type] ?? this.loader.nodeTypes[type.replace(`${this.loader.packageName}.`, '')]?.type;
		if (!found) {
			throw new Error(
				`harness: unknown node type "${type}" (only this package's built nodes, ${[...Object.keys(this.stubs), HTTP_REQUEST_TYPE].join(', ')} exist here)`,
			);
		}
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface EngineSetup {
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
	/** Resolves with the run once n8n fires `workflowExecuteAfter`. */
	finished: Promise<IRun>;
}

export interface UrlOptions {
	/** Instance base URL used for webhook/resume URLs (default http://127.0.0.1:5678). */
	baseUrl?: string;
}

export async function createEngine(opts: {
	nodes: INode[];
	connections: IConnections;
	credentials?: CredentialFixtures;
	mode: WorkflowExecuteMode;
	staticData?: IDataObject;
	baseUrl?: string;
	workflowId?: string;
}): Promise<EngineSetup> {
	const loader = await loadPackage();
	const stubs: Record<string, INodeType> = {
		[MANUAL_TRIGGER_TYPE]: manualTriggerStub,
		[PROBE_TYPE]: createProbeNode([...Object.keys(loader.credentialTypes), genericTestCredential.name]),
		[WEBHOOK_PROBE_TYPE]: webhookProbeNode,
	};
	const workflowId = opts.workflowId ?? `harness-${randomUUID()}`;
	const workflow = new Workflow({
		id: workflowId,
		name: 'harness workflow',
		nodes: opts.nodes,
		connections: opts.connections,
		active: false,
		nodeTypes: new HarnessNodeTypes(loader, stubs),
		staticData: opts.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
	const executionId = String(Date.now()) + Math.floor(Math.random() * 1000);
	const hooks = new ExecutionLifecycleHooks(opts.mode, executionId, {
		id: workflowId,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		nodes: opts.nodes,
		connections: opts.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const base = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, '');
	const additionalData = {
		credentialsHelper: new FixtureCredentialsHelper(loader, opts.credentials ?? {}, {
			[genericTestCredential.name]: genericTestCredential,
		}),
		hooks,
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		instanceBaseUrl: `${base}/`,
		restApiUrl: `${base}/rest`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: async () => {
			throw new Error('harness: sub-workflows are not supported');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('harness: task runners are not supported');
		},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return { workflow, additionalData, finished };
}
