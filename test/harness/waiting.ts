// Waiting executions as n8n 2.41 runs them: execute() -> putExecutionToWait (the run stops, status 'waiting', the
// execution data is stored as JSON) -> later either a call of the resume URL (n8n's WaitingWebhooks: token check,
// node disabled, its pre-wait run dropped, webhook() with the stored data, then the resumed run with the webhook's
// data on all outputs) or the deadline (WaitTracker: the stored run continued as is; WorkflowExecute's
// handleWaitingState disables the node, which passes its input through on output 0).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	type IConnections,
	type IHttpRequestMethods,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IRunExecutionData,
	type IWebhookData,
} from 'n8n-workflow';

import { createEngine } from './context';
import type { CredentialFixtures } from './credentials-helper';
import { createFakeRequest, createFakeResponse, type HarnessRequest } from './http-fakes';
import { MANUAL_TRIGGER_TYPE, startItemsByWorkflowId } from './stub-nodes';
import { singleNodeWorkflow, toItems, type RunNodeOptions } from './run';
import { onReceivedBody, responseCode } from './webhook';

export type WaitingStatus = 'running' | 'waiting' | 'resuming' | 'success' | 'error';

export interface ResumeAnswer {
	statusCode: number;
	body?: unknown;
	/** True when this call resumed the execution. */
	resumed: boolean;
	/** webhook() threw (n8n would resume the execution as failed). */
	threw?: Error;
}

const START_NODE = 'Start';

function tokensEqual(received: unknown, expected: string): boolean {
	if (typeof received !== 'string') return false;
	const a = Buffer.from(received);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** One execution of `Start -> node`, driven through waiting and resuming. */
export class WaitingExecution {
	status: WaitingStatus = 'running';
	run?: IRun;
	/** The execution data as n8n's database holds it while waiting. */
	saved?: string;
	/** The resumed run started by a callback (settles `status`). */
	resuming?: Promise<void>;
	/** Number of times webhook() ran (each call of the resume URL that passed n8n's own checks). */
	webhookCalls = 0;
	readonly executionId: string;
	private readonly resumeToken = randomBytes(32).toString('hex');

	constructor(
		private readonly nodes: INode[],
		private readonly connections: IConnections,
		private readonly nodeName: string,
		private readonly credentials: CredentialFixtures | undefined,
		private readonly baseUrl: string | undefined,
		executionId: string,
		private readonly startName = START_NODE,
	) {
		this.executionId = executionId;
	}

	/** `$execution.resumeUrl` as the node saw it. */
	get resumeUrl(): string {
		return `${(this.baseUrl ?? 'http://127.0.0.1:5678').replace(/\/$/, '')}/webhook-waiting/${this.executionId}?signature=${this.resumeToken}`;
	}

	/** When the execution waits: the deadline it asked for. */
	get waitTill(): Date | undefined {
		return this.run?.waitTill ?? undefined;
	}

	/** The node's outputs of its last run: [timedOut, done] for the waiting operations. */
	outputs(): INodeExecutionData[][] {
		const runs = this.run?.data.resultData.runData[this.nodeName] ?? [];
		return (runs.at(-1)?.data?.main ?? []).map((items) => items ?? []);
	}

	/** Another node's output (its last run). */
	output(nodeName: string, index = 0): INodeExecutionData[] {
		const runs = this.run?.data.resultData.runData[nodeName] ?? [];
		return runs.at(-1)?.data?.main?.[index] ?? [];
	}

	/** The node's saved context (what webhook() reads back). */
	savedContext(): Record<string, unknown> | undefined {
		if (!this.saved) return undefined;
		const data = JSON.parse(this.saved) as IRunExecutionData;
		return data.executionData?.contextData?.[`node:${this.nodeName}`] as Record<string, unknown> | undefined;
	}

	get error() {
		return this.run?.data.resultData.error;
	}

	async start(items: INodeExecutionData[]): Promise<void> {
		const engine = await this.engine();
		startItemsByWorkflowId.set(engine.workflow.id, items);
		try {
			const executor = new WorkflowExecute(engine.additionalData, 'manual', createRunExecutionData({ resumeToken: this.resumeToken }));
			const startNode = engine.workflow.getNode(this.startName) ?? undefined;
			this.settle(await executor.run({ workflow: engine.workflow, startNode }));
		} finally {
			startItemsByWorkflowId.delete(engine.workflow.id);
		}
	}

	/** A call of the resume URL (`url` path + query as received; default: this execution's own resume URL). */
	async callback(request: Omit<HarnessRequest, 'url'> & { url?: string }): Promise<ResumeAnswer> {
		const url = request.url ?? this.resumeUrl.replace(/^https?:\/\/[^/]+/, '');
		const query = Object.fromEntries(new URL(url, 'http://harness.invalid').searchParams);
		if (this.status !== 'waiting' || !this.saved) return { statusCode: 409, body: { message: `execution is ${this.status}` }, resumed: false };
		if (!tokensEqual(query.signature, this.resumeToken)) return { statusCode: 401, body: { message: 'Invalid token' }, resumed: false };

		const data = JSON.parse(this.saved) as IRunExecutionData;
		const lastNode = data.resultData.lastNodeExecuted as string;
		// WaitingWebhooks.executeWebhook: disable the node, clear waitTill, drop the pre-wait run.
		const stackEntry = data.executionData!.nodeExecutionStack[0];
		stackEntry.node.disabled = true;
		data.waitTill = undefined;
		data.resultData.runData[lastNode].pop();

		const engine = await this.engine();
		const node = engine.workflow.getNode(lastNode)!;
		const nodeType = engine.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const suffix = new URL(url, 'http://harness.invalid').pathname.split('/').slice(3).join('/');
		const description = nodeType.description.webhooks?.find(
			(hook) => hook.restartWebhook === true && (hook.httpMethod ?? 'POST') === (request.method ?? 'POST') && String(hook.path ?? '') === suffix,
		);
		if (!description || !nodeType.webhook) return { statusCode: 404, body: { message: 'webhook not found' }, resumed: false };
		const response = createFakeResponse();
		engine.additionalData.httpRequest = createFakeRequest({ ...request, url }, 'POST');
		engine.additionalData.httpResponse = response.express;
		const webhookData: IWebhookData = {
			httpMethod: (description.httpMethod as IHttpRequestMethods) ?? 'POST',
			node: lastNode,
			path: String(description.path),
			webhookDescription: description,
			workflowId: engine.workflow.id,
			workflowExecuteAdditionalData: engine.additionalData,
			webhookId: node.webhookId ?? '',
		};
		const context = new WebhookContext(engine.workflow, node, engine.additionalData, 'manual', webhookData, [], data);
		this.webhookCalls++;
		let result;
		try {
			result = await nodeType.webhook.call(context);
		} catch (error) {
			this.status = 'error';
			return { statusCode: 500, body: { message: (error as Error).message }, resumed: false, threw: error as Error };
		}
		if (result.workflowData === undefined) {
			// Answered without resuming: nothing is saved, the execution keeps waiting as it was.
			const answered = result.noWebhookResponse ? response.captured() : { statusCode: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } };
			return { statusCode: answered.statusCode, body: answered.body, resumed: false };
		}
		// Another call resumed it meanwhile (n8n: ExecutionAlreadyResumingError -> 500).
		if (this.status !== 'waiting') return { statusCode: 500, body: { message: 'execution is already resuming' }, resumed: false };
		this.status = 'resuming';
		stackEntry.data.main = result.workflowData;
		stackEntry.metadata = { ...stackEntry.metadata, forwardAllOutputs: true };
		const statusCode = responseCode(engine.workflow, node, description, 'manual');
		const body = onReceivedBody(engine.workflow, node, description, 'manual', result.webhookResponse);
		// As n8n with responseMode 'onReceived': the caller has its answer before the resumed run goes on.
		const executor = new WorkflowExecute(engine.additionalData, 'manual', data);
		this.resuming = Promise.resolve(executor.processRunExecutionData(engine.workflow)).then((run) => this.settle(run));
		return { statusCode, body, resumed: true };
	}

	/** The deadline passed: n8n's WaitTracker continues the stored run; none of the node's code runs. */
	async passDeadline(): Promise<void> {
		if (this.status !== 'waiting' || !this.saved) throw new Error(`harness: execution is ${this.status}, not waiting`);
		this.status = 'resuming';
		const data = JSON.parse(this.saved) as IRunExecutionData;
		const engine = await this.engine();
		const executor = new WorkflowExecute(engine.additionalData, 'manual', data);
		this.settle(await executor.processRunExecutionData(engine.workflow));
	}

	private async engine() {
		const engine = await createEngine({ nodes: this.nodes, connections: this.connections, credentials: this.credentials, mode: 'manual', baseUrl: this.baseUrl });
		// The same execution every time (n8n rebuilds workflow and additional data from the database per resume).
		engine.additionalData.executionId = this.executionId;
		return engine;
	}

	private settle(run: IRun): void {
		this.run = run;
		if (run.waitTill) {
			this.status = 'waiting';
			this.saved = JSON.stringify(run.data);
		} else {
			this.status = run.data.resultData.error ? 'error' : 'success';
			this.saved = undefined;
		}
	}
}

let sequence = 0;

/** Builds `Start -> node` (as runNode) without running it (register it with a WaitingServer first, then `start`). */
export async function waitingExecution(opts: RunNodeOptions): Promise<WaitingExecution> {
	const { nodes, connections, nodeName, startName } = await singleNodeWorkflow(opts);
	return new WaitingExecution(nodes, connections, nodeName, opts.credentials, opts.baseUrl, `${Date.now()}${++sequence}`, startName);
}

/** A whole workflow (e.g. examples/*.json) whose `waitingNode` waits; input = the manual trigger's pinned items. */
export function waitingWorkflow(opts: {
	workflow: { nodes: INode[]; connections: IConnections; pinData?: Record<string, INodeExecutionData[]> };
	waitingNode: string;
	credentials?: CredentialFixtures;
	baseUrl?: string;
}): { execution: WaitingExecution; items: INodeExecutionData[] } {
	const trigger = opts.workflow.nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE);
	if (!trigger) throw new Error('harness: the workflow has no manual trigger');
	const nodes = opts.workflow.nodes.map((node) => ({ ...node, credentials: node.credentials ?? {} }));
	const execution = new WaitingExecution(nodes, opts.workflow.connections, opts.waitingNode, opts.credentials, opts.baseUrl, `${Date.now()}${++sequence}`, trigger.name);
	return { execution, items: opts.workflow.pinData?.[trigger.name] ?? [{ json: {} }] };
}

/** Input items as runNode takes them (plain objects are wrapped as `{ json }`). */
export const toInputItems = toItems;

/** Runs the node until it waits (or finishes). */
export async function runUntilWait(opts: RunNodeOptions): Promise<WaitingExecution> {
	const execution = await waitingExecution(opts);
	await execution.start(toInputItems(opts.input));
	return execution;
}

/**
 * A loopback stand-in for n8n's `/webhook-waiting/:id` route, so a sandbox can deliver callbacks to resume URLs:
 * unknown execution 404, while running 409 (as n8n answers), otherwise `WaitingExecution.callback`.
 */
export class WaitingServer {
	private readonly executions = new Map<string, WaitingExecution>();
	private server?: Server;
	url = '';

	async listen(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	register(execution: WaitingExecution): void {
		this.executions.set(execution.executionId, execution);
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = req.url ?? '/';
		const id = /^\/webhook-waiting\/([^/?]+)/.exec(url)?.[1] ?? '';
		const execution = this.executions.get(id);
		let answer: { statusCode: number; body?: unknown };
		if (!execution) answer = { statusCode: 404, body: { message: 'unknown execution' } };
		else {
			const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
			answer = await execution
				.callback({ method: (req.method ?? 'POST') as IHttpRequestMethods, url, headers, rawBody: Buffer.concat(chunks) })
				.catch((error: Error) => ({ statusCode: 500, body: { message: error.message } }));
		}
		res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
		res.end(JSON.stringify(answer.body ?? {}));
	}
}
