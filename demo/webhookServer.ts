// A loopback HTTP server standing in for n8n's webhook endpoint: every request it receives is handed to the
// trigger's webhook() through n8n-core's WebhookContext (test/harness callWebhook), and the trigger's answer
// is sent back to the caller. Like n8n, it serves calls concurrently: each call starts from the static data last
// saved and saves its own when done (last write wins, as n8n saves a webhook execution's static data).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { callWebhook, runWebhookMethod } from '../test/harness';

export interface TriggerServerOptions {
	/** The trigger node as written in the example workflow (type, parameters, webhookId). */
	node: INode;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Called with the items of every accepted call (what n8n would start an execution with). A rejection is
	 *  recorded in `failedExecutions` (as n8n records a failed execution), never thrown at the server. */
	onItems?: (items: INodeExecutionData[]) => void | Promise<void>;
}

export interface ReceivedCall {
	status: number;
	items: number;
	body?: unknown;
}

export class TriggerServer {
	readonly calls: ReceivedCall[] = [];
	readonly items: INodeExecutionData[] = [];
	staticData: IDataObject = {};
	/** Workflow executions that failed: the items they started with and the error. */
	readonly failedExecutions: Array<{ items: INodeExecutionData[]; error: Error }> = [];
	/** Workflow executions started by accepted calls (see `settled()`); they never reject. */
	private readonly executions: Array<Promise<void>> = [];
	private readonly handling = new Set<Promise<unknown>>();
	private server?: Server;
	private baseUrl = '';
	/** One workflow for every call, as in n8n: the trigger's in-process de-duplication is scoped by workflow id. */
	private readonly workflowId = `demo-${randomUUID()}`;

	constructor(private readonly opts: TriggerServerOptions) {}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			void this.handle(req).then(
				({ status, body, headers }) => {
					const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
					res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
					res.end(text);
				},
				(error: Error) => {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(`trigger failed: ${error.message}`);
				},
			);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
		return this;
	}

	/** The production webhook URL n8n would show for this trigger (`<base>/webhook/<webhookId>/<path>`). */
	get base(): string {
		return this.baseUrl;
	}

	/** Runs the trigger's activation / deactivation hook as n8n does ('create' | 'delete' | 'checkExists'). */
	async lifecycle(method: 'checkExists' | 'create' | 'delete'): Promise<boolean> {
		const { result, staticData } = await runWebhookMethod({
			method,
			...this.target(),
		});
		this.staticData = staticData;
		return result;
	}

	/** Waits for the calls being handled and every execution started so far (failures: `failedExecutions`). */
	async settled(): Promise<void> {
		while (this.handling.size > 0) await Promise.allSettled([...this.handling]);
		await Promise.all(this.executions);
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** What both harness calls need to run this trigger as n8n would: node, credentials, static data, URL. */
	private target() {
		const { node, credentials } = this.opts;
		return {
			type: node.type,
			parameters: node.parameters,
			credentials,
			staticData: this.staticData,
			webhookId: node.webhookId,
			nodeName: node.name,
			workflowId: this.workflowId,
			baseUrl: this.baseUrl,
		};
	}

	private async handle(req: IncomingMessage) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
		const call = callWebhook({ ...this.target(), request: { method: req.method, url: req.url, headers, rawBody } });
		this.handling.add(call);
		try {
			const result = await call;
			this.staticData = result.staticData;
			const items = result.workflowData?.[0] ?? [];
			this.items.push(...items);
			this.calls.push({ status: result.response.statusCode, items: items.length, body: result.response.body });
			// As n8n with responseMode 'onReceived': answer now, run the rest of the workflow afterwards.
			if (items.length > 0 && this.opts.onItems) this.executions.push(this.execute(items));
			return { status: result.response.statusCode, body: result.response.body, headers: result.response.headers };
		} finally {
			this.handling.delete(call);
		}
	}

	private async execute(items: INodeExecutionData[]): Promise<void> {
		try {
			await this.opts.onItems!(items);
		} catch (error) {
			this.failedExecutions.push({ items, error: error as Error });
		}
	}
}
