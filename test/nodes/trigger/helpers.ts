/**
 * Shared pieces of the trigger tests: a loopback receiver that hands every real HTTP request (from the sandbox)
 * to the trigger's webhook() through the harness, carrying the node's static data from call to call as n8n does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { callWebhook, type CallWebhookResult } from '../../harness';

/** The two trigger node types (one per provider, shared callback code). */
export const VEIMAGEX_TRIGGER = 'veImageXAiQueueTrigger';
export const VOD_TRIGGER = 'aliyunVodAiImageTrigger';
export const WEBHOOK_ID = 'a1b2c3d4-0000-4000-8000-00000000feed';
export const BASE = 'http://127.0.0.1:5678';
export const PROD_URL = `${BASE}/webhook/${WEBHOOK_ID}/ai-image-callback`;
export const TEST_URL = `${BASE}/webhook-test/${WEBHOOK_ID}/ai-image-callback`;

export interface Delivery {
	path: string;
	status: number;
	items: INodeExecutionData[];
	executed: boolean;
}

export interface Receiver {
	base: string;
	webhookUrl: string;
	deliveries: Delivery[];
	state: { staticData: IDataObject };
	close(): Promise<void>;
}

export async function startReceiver(opts: {
	type: typeof VEIMAGEX_TRIGGER | typeof VOD_TRIGGER;
	parameters: () => INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
}): Promise<Receiver> {
	const deliveries: Delivery[] = [];
	const state = { staticData: opts.staticData ?? {} };
	let chain: Promise<unknown> = Promise.resolve();
	let base = '';
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			// One at a time, like n8n persisting static data between executions of one workflow.
			chain = chain.then(async () => {
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
				let result: CallWebhookResult;
				try {
					result = await callWebhook({
						type: opts.type,
						parameters: opts.parameters(),
						credentials: opts.credentials,
						staticData: state.staticData,
						baseUrl: base,
						isTest: (req.url ?? '').startsWith('/webhook-test/'),
						request: { method: req.method, url: req.url ?? '/', headers, rawBody: Buffer.concat(chunks) },
					});
				} catch (error) {
					res.writeHead(500).end(String((error as Error).message));
					deliveries.push({ path: req.url ?? '', status: 500, items: [], executed: false });
					return;
				}
				// n8n keeps what it stores (harness `staticDataSaved`), as the next call would load it from its database.
				if (result.staticDataSaved) state.staticData = result.staticData;
				const items = result.workflowData?.[0] ?? [];
				deliveries.push({ path: req.url ?? '', status: result.response.statusCode, items, executed: result.workflowData !== undefined });
				res.writeHead(result.response.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(result.response.body ?? {}));
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		base,
		webhookUrl: `${base}/webhook/${WEBHOOK_ID}/ai-image-callback`,
		deliveries,
		state,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, tries = 1500): Promise<T> {
	for (let i = 0; i < tries; i++) {
		const value = await probe();
		if (value !== undefined) return value;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** The official veImageX success sample (veimagex-api.md §4) as a parser vector. */
export function officialEntryMessage(callbackArgs = ''): Record<string, unknown> {
	return {
		callback_type: 'entry',
		callback_args: callbackArgs,
		queue_id: '67d6bc8633fabc8f36001583',
		task_id: '67e0102f6de21cf05829611c',
		workflow_template_id: 'system_workflow_ai_super_resolution',
		entry_info: {
			uri: 'tos-boe-i-0nt0sfs8p7/8b3f3cc3bfc8a716ffe568eb3b814c3e.webp',
			input_object_key: '8b3f3cc3bfc8a716ffe568eb3b814c3e.webp',
			entry_id: '67e0102f6de21cf05829611f',
			status: 'Success',
			ai_result: {
				output: JSON.stringify({ ObjectKey: 'veImageX-store/ai_super_resolution/67e0102f6de21cf05829611c/x.webp', Size: 38620, Format: 'webp' }),
			},
			submit_at: 1742737455,
			start_at: 1742737460,
			end_at: 1742737463,
		},
		task_part_info: null,
	};
}

/** A task message with `count` entries starting at `from` (JSON shape of the sandbox and the docs). */
export function taskMessage(count: number, from = 0, callbackArgs = ''): Record<string, unknown> {
	const entries = [];
	for (let i = from; i < from + count; i++) {
		entries.push({
			uri: `tos-cn-i-svc/in/${i}.png`,
			input_object_key: `in/${i}.png`,
			entry_id: `entry-${i}`,
			status: i % 97 === 0 ? 'Fail' : 'Success',
			ai_result: { output: JSON.stringify({ ObjectKey: `out/${i}.webp`, Size: 1000 + i, Format: 'webp' }) },
			submit_at: 1742737455,
			start_at: 1742737460,
			end_at: 1742737463,
		});
	}
	return {
		callback_type: 'task',
		callback_args: callbackArgs,
		queue_id: 'q1',
		task_id: 'task-big',
		workflow_template_id: 'system_workflow_ai_super_resolution',
		entry_info: entries,
		task_part_info: null,
	};
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Element-per-field XML, repeated elements for arrays (how the sandbox and the docs' field names map to XML). */
export function toXml(name: string, value: unknown): string {
	if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
	if (value === null || value === undefined) return `<${name}/>`;
	if (typeof value === 'object') {
		return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(k, v)).join('')}</${name}>`;
	}
	return `<${name}>${esc(String(value))}</${name}>`;
}

/**
 * What the trigger logs while `run` runs: n8n-core's webhook context logs through the Logger in n8n's DI
 * container (the same instance the harness's n8n-core uses in this test file).
 */
export async function withLogs<T>(run: () => Promise<T>): Promise<{ result: T; logged: string }> {
	// n8n-core has its own copies of @n8n/di and @n8n/backend-common: take the ones it resolves.
	const fromCore = (name: string) => require(require.resolve(name, { paths: [dirname(require.resolve('n8n-core'))] }));
	const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
	const { Logger } = fromCore('@n8n/backend-common') as typeof import('@n8n/backend-common');
	const original = Container.get(Logger);
	const lines: string[] = [];
	// The Logger's methods are read-only: a stand-in takes its place in the container for the duration.
	const standIn = Object.create(original) as typeof original;
	for (const level of ['debug', 'info', 'warn', 'error'] as const) {
		Object.defineProperty(standIn, level, { value: (message: string) => void lines.push(`${level}: ${message}`) });
	}
	Container.set(Logger, standIn);
	try {
		return { result: await run(), logged: lines.join('\n') };
	} finally {
		Container.set(Logger, original);
	}
}
