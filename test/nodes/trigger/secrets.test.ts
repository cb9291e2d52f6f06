/**
 * The trigger's own secrets travel in its registration requests (veImageX callback secret in Endpoint and Args,
 * VOD AuthKey): a provider error that echoes the request must not carry them into the activation error.
 * A loopback fake provider answers reads normally and rejects the write, quoting what it received.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runWebhookMethod } from '../../harness';
import { VEIMAGEX_TRIGGER, VOD_TRIGGER } from './helpers';

const SECRET = 'veimagex-Secret-42-abcdef';
const AUTH_KEY = 'Trig9erKeyEcho';

let server: Server;
let base = '';

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://x');
			const action = url.searchParams.get('Action') ?? req.headers['x-acs-action'];
			const echo = `${decodeURIComponent(url.search)} ${Buffer.concat(chunks).toString('utf8')}`;
			const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			if (action === 'GetImageAIProcessQueues') {
				return send(200, { ResponseMetadata: { RequestId: 'r1' }, Result: { Total: 1, Queues: [{ Id: 'q1', Name: 'q', Attribute: 'ai_super_resolution', EnableCallback: false }] } });
			}
			if (action === 'UpdateImageAIProcessQueue') {
				return send(400, { ResponseMetadata: { RequestId: 'r2', Error: { Code: 'InvalidParameter', Message: `bad callback in ${echo}` } } });
			}
			if (action === 'GetMessageCallback') return send(200, { RequestId: 'r3', MessageCallback: {} });
			return send(400, { RequestId: 'r4', Code: 'InvalidParameter', Message: `bad AuthKey in ${echo}` });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function everything(error: unknown): string {
	const e = error as Record<string, unknown>;
	return JSON.stringify({ message: e.message, description: e.description, messages: e.messages, context: e.context, cause: e.cause, stack: e.stack });
}

test('veImageX: the callback secret is not in the error of a rejected registration', async () => {
	const error = await runWebhookMethod({
		type: VEIMAGEX_TRIGGER,
		method: 'create',
		parameters: { queueId: 'q1', registerCallback: true, callbackSecret: SECRET },
		credentials: { volcengineImageXApi: { accessKeyId: 'AKLT', secretAccessKey: 'sk', region: 'cn-north-1', endpoint: `${base}/veimagex`, service: 'imagex' } },
		webhookUrl: 'http://127.0.0.1:5678/webhook/x/ai-image-callback',
	}).catch((e: unknown) => e);
	expect(String((error as Error).message)).toMatch(/InvalidParameter.*bad callback in/);
	expect(everything(error)).toContain('[redacted]');
	expect(everything(error)).not.toContain(SECRET);
});

test('VOD: the AuthKey is not in the error of a rejected SetMessageCallback', async () => {
	const error = await runWebhookMethod({
		type: VOD_TRIGGER,
		method: 'create',
		parameters: { registerVodCallback: true, authKey: AUTH_KEY },
		credentials: { aliyunVodApi: { accessKeyId: 'LTAI', accessKeySecret: 'sk', region: 'cn-shanghai', endpoint: `${base}/vod/cn-shanghai`, signatureScheme: 'ACS3-HMAC-SHA256' } },
		webhookUrl: 'http://127.0.0.1:5678/webhook/x/ai-image-callback',
	}).catch((e: unknown) => e);
	expect(String((error as Error).message)).toMatch(/InvalidParameter.*bad AuthKey in/);
	expect(everything(error)).toContain('[redacted]');
	expect(everything(error)).not.toContain(AUTH_KEY);
});
