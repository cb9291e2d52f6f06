// runNode / runWorkflow: execute nodes inside n8n-core's WorkflowExecute, mode 'manual' (as "Execute workflow"
// in the editor), starting from the manual-trigger stub.
import { WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IPinData,
	IRun,
} from 'n8n-workflow';

import type { CredentialFixtures } from './credentials-helper';
import { createEngine, fullType } from './context';
import { MANUAL_TRIGGER_TYPE, startItemsByWorkflowId } from './stub-nodes';
import { loadPackage } from './package-loader';

export type HarnessError = Error & { description?: string; context?: IDataObject; httpCode?: string };

export interface RunNodeOptions {
	/** Short name ('veImageXAiQueue') or full type string. */
	type: string;
	parameters: INodeParameters;
	/** Fixture credentials by credential type name; the node gets a reference to each. */
	credentials?: CredentialFixtures;
	/** Items fed to the node (plain objects are wrapped as `{ json }`); default one empty item. */
	input?: INodeExecutionData[] | IDataObject[];
	/** Node setting "On Error: Continue" (n8n's `onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Default: the node type's default version. */
	typeVersion?: number;
	nodeName?: string;
	/** Instance base URL for webhook/resume URLs (default http://127.0.0.1:5678). */
	baseUrl?: string;
}

export interface RunNodeResult {
	/** The node's first output (all of it, in order). */
	items: INodeExecutionData[];
	/**
	 * The error when the node threw (n8n's ExecutionError: NodeApiError / NodeOperationError). Also set under
	 * continueOnFail: n8n 2.41 then passes the INPUT items through and still records the error, so a node that
	 * must emit per-item error items has to catch per item itself.
	 */
	error?: HarnessError;
	run: IRun;
}

const START_NODE = 'Start';

/** `Start (manual trigger) -> the node under test`, as runNode runs it (also used for waiting executions). */
export async function singleNodeWorkflow(opts: RunNodeOptions): Promise<{ nodes: INode[]; connections: IConnections; nodeName: string; startName: string }> {
	const nodeName = opts.nodeName ?? 'Node under test';
	const type = await fullType(opts.type);
	const node: INode = {
		id: 'node-under-test',
		name: nodeName,
		type,
		typeVersion: opts.typeVersion ?? (await defaultVersion(type)),
		position: [200, 0],
		parameters: opts.parameters,
		credentials: credentialRefs(opts.credentials),
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const start: INode = { id: 'start', name: START_NODE, type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const connections: IConnections = { [START_NODE]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } };
	return { nodes: [start, node], connections, nodeName, startName: START_NODE };
}

export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const { nodes, connections, nodeName } = await singleNodeWorkflow(opts);
	const { run } = await execute(nodes, connections, opts.credentials, START_NODE, toItems(opts.input), opts.baseUrl);
	const task = run.data.resultData.runData[nodeName]?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		error: (run.data.resultData.error ?? task?.error) as HarnessError | undefined,
		run,
	};
}

export interface RunWorkflowOptions {
	/** e.g. the parsed contents of examples/*.json; node types must be this package's or the manual trigger. */
	workflow: { nodes: INode[]; connections: IConnections; pinData?: IPinData };
	/** Pinned output per node name (default: the workflow's own `pinData`). As in a manual run from the editor,
	 *  a pinned node is not executed and emits these items instead (e.g. sample input on the Manual Trigger). */
	pinData?: IPinData;
	credentials?: CredentialFixtures;
	/** Default: the workflow's manual trigger (or n8n's own start-node choice). */
	startNode?: string;
	baseUrl?: string;
}

export interface RunWorkflowResult {
	run: IRun;
	/** First output of the node's first run ([] if it did not run). */
	output(nodeName: string): INodeExecutionData[];
	error?: HarnessError;
}

export async function runWorkflow(opts: RunWorkflowOptions): Promise<RunWorkflowResult> {
	const nodes = opts.workflow.nodes.map((n) => ({ ...n, credentials: n.credentials ?? {} }));
	const startName = opts.startNode ?? nodes.find((n) => n.type === MANUAL_TRIGGER_TYPE)?.name;
	const pinData = opts.pinData ?? opts.workflow.pinData;
	const { run } = await execute(nodes, opts.workflow.connections, opts.credentials, startName, undefined, opts.baseUrl, pinData);
	return {
		run,
		output: (name) => run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? [],
		error: run.data.resultData.error as HarnessError | undefined,
	};
}

async function execute(
	nodes: INode[],
	connections: IConnections,
	credentials: CredentialFixtures | undefined,
	startName: string | undefined,
	startItems: INodeExecutionData[] | undefined,
	baseUrl: string | undefined,
	pinData?: IPinData,
): Promise<{ run: IRun }> {
	const engine = await createEngine({ nodes, connections, credentials, mode: 'manual', baseUrl });
	const { workflow, additionalData, finished } = engine;
	if (startItems) startItemsByWorkflowId.set(workflow.id, startItems);
	try {
		const startNode = startName ? workflow.getNode(startName) ?? undefined : undefined;
		const executor = new WorkflowExecute(additionalData, 'manual');
		const returned = await executor.run({ workflow, startNode, pinData });
		const run = await finished; // the hook has fired by now; awaiting it proves the hooks are wired
		return { run: run ?? returned };
	} finally {
		startItemsByWorkflowId.delete(workflow.id);
	}
}

function credentialRefs(credentials?: Record<string, unknown>): INode['credentials'] {
	const refs: NonNullable<INode['credentials']> = {};
	for (const type of Object.keys(credentials ?? {})) refs[type] = { id: `fixture-${type}`, name: `${type} fixture` };
	return refs;
}

export function toItems(input?: INodeExecutionData[] | IDataObject[]): INodeExecutionData[] {
	if (!input) return [{ json: {} }];
	return input.map((entry) =>
		isExecutionItem(entry) ? entry : { json: entry as IDataObject },
	);
}

function isExecutionItem(entry: unknown): entry is INodeExecutionData {
	const json = (entry as { json?: unknown }).json;
	return typeof json === 'object' && json !== null && !Array.isArray(json);
}

async function defaultVersion(type: string): Promise<number> {
	const loader = await loadPackage();
	const short = type.replace(`${loader.packageName}.`, '');
	const nodeType = loader.nodeTypes[short]?.type;
	if (!nodeType) return 1;
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version, defaultVersion: preferred } = nodeType.description;
	if (preferred !== undefined) return preferred;
	return Array.isArray(version) ? Math.max(...version) : version;
}
