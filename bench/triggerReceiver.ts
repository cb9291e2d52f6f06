/**
 * A loopback HTTP receiver that hands every request to the callback trigger's webhook() through the harness
 * the way n8n's webhook server does in production: requests are handled concurrently (not one after another,
 * unlike the test receiver), all of one workflow (one workflow id), each call starting from the static data the
 * last finished call saved (n8n saves a workflow's static data after each execution; the last save wins).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { callWebhook } from '../test/harness';

export const WEBHOOK_ID = 'b0b0b0b0-0000-4000-8000-0000000b0057';

export interface Answer {
	status: number;
	/** From the last request byte received to the answer written. */
	ms: number;
	items: INodeExecutionData[];
}

export interface ConcurrentReceiver {
	url: string;
	answers: Answer[];
	/** Requests received but not answered yet. */
	pending(): number;
	close(): Promise<void>;
}

export async function startConcurrentReceiver(opts: {
	/** 'veImageXAiQueueTrigger' or 'aliyunVodAiImageTrigger'. */
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	workflowId: string;
}): Promise<ConcurrentReceiver> {
	const answers: Answer[] = [];
	let staticData: IDataObject = {};
	let open = 0;
	let base = '';
	const server: Server = createServer((req, res) => {
		open++;
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const started = performance.now();
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
			callWebhook({
				type: opts.type,
				parameters: opts.parameters,
				credentials: opts.credentials,
				staticData,
				workflowId: opts.workflowId,
				webhookId: WEBHOOK_ID,
				baseUrl: base,
				request: { method: req.method, url: req.url ?? '/', headers, rawBody: Buffer.concat(chunks) },
			}).then(
				(result) => {
					staticData = result.staticData;
					const status = result.response.statusCode;
					res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(result.response.body ?? {}));
					answers.push({ status, ms: performance.now() - started, items: result.workflowData?.[0] ?? [] });
					open--;
				},
				(error: unknown) => {
					res.writeHead(500).end(String((error as Error).message));
					answers.push({ status: 500, ms: performance.now() - started, items: [] });
					open--;
				},
			);
		});
	});
	// Longer than any pause between sends: a keep-alive socket closed by the server just as the client reuses it
	// would be an ECONNRESET that has nothing to do with the trigger.
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `${base}/webhook/${WEBHOOK_ID}/ai-image-callback`,
		answers,
		pending: () => open,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
