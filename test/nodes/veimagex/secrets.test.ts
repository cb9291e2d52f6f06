/**
 * A veImageX answer that echoes the request (signed headers, body, URL) must not carry the STS session token or the
 * secret key into the stored execution error or the output items, in any spelling: raw, URL-encoded, JSON-escaped,
 * base64. A loopback fake provider echoes whatever it received in its error message, and succeeds otherwise with
 * the token in the result.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runNode } from '../../harness';
import { expectNoSecret, spellings, stored } from '../../shared/leaks';
import { NODE_TYPE, byId } from './helpers';

const TOKEN = 'STS2/Sess+ion=Tok "en"-Zq81';
const SECRET = 'VeSecretKey/+=4711abcdef';
const SECRETS = [TOKEN, SECRET];

let server: Server;
let base = '';


beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://x');
			const token = String(req.headers['x-security-token'] ?? '');
			// Every spelling at once, as an answer quoting the request in several layers would.
			const echo = `${req.url} ${JSON.stringify(req.headers)} ${Buffer.concat(chunks).toString('utf8')} ${spellings(token).join(' ')} ${spellings(SECRET).join(' ')}`;
			const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			if (url.searchParams.get('Action') === 'GetImageAIProcessQueues') {
				return send(200, { ResponseMetadata: { RequestId: 'r1' }, Result: { Total: 1, Queues: [{ Id: 'q1', Name: `echo ${echo}`, Attribute: 'x' }] } });
			}
			return send(400, { ResponseMetadata: { RequestId: 'r2', Error: { Code: 'InvalidParameter', Message: `bad request: ${echo}` } } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function credentials() {
	return { volcengineImageXApi: { accessKeyId: 'AKLTecho', secretAccessKey: SECRET, sessionToken: TOKEN, region: 'cn-north-1', endpoint: base } };
}



describe('veImageX AI Queue – secrets never reach errors or outputs', () => {
	test('a provider error echoing the request: stopped run and Continue On Fail items are scrubbed', async () => {
		const parameters = { resource: 'queue', operation: 'delete', queueId: byId('q1') };
		const stopped = await runNode({ type: NODE_TYPE, parameters, credentials: credentials(), input: [{}] });
		expect(stopped.error?.message).toMatch(/^veImageX error InvalidParameter: bad request/);
		expectNoSecret(stored(stopped.error), SECRETS);
		expectNoSecret(stored(stopped.run.data.resultData), SECRETS);

		const cont = await runNode({ type: NODE_TYPE, parameters, credentials: credentials(), input: [{}, {}], continueOnFail: true });
		expect(cont.items).toHaveLength(2);
		expect(String(cont.items[0].json.error)).toMatch(/InvalidParameter/);
		expectNoSecret(stored(cont.items), SECRETS);
		expectNoSecret(stored(cont.run.data.resultData), SECRETS);
	});

	test('a successful answer carrying the token: output items are scrubbed', async () => {
		const { items, error, run } = await runNode({ type: NODE_TYPE, parameters: { resource: 'queue', operation: 'getAll', returnAll: true }, credentials: credentials(), input: [{}] });
		expect(error).toBeUndefined();
		expect(items[0].json.Id).toBe('q1');
		expectNoSecret(stored(items), SECRETS);
		expectNoSecret(stored(run.data.resultData), SECRETS);
	});
});
