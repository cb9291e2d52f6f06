/**
 * VOD errors quote the request: in `Message` AND in `Recommend` (a diagnosis link carrying the query). Neither the
 * STS token, the AccessKey secret nor a callback AuthKey may reach the error (message, description, context,
 * errorResponse, stack) or any item, in any spelling. A loopback fake VOD echoes what it received.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NODE } from './vodTestKit';
import { runNode } from '../../harness';
import { expectNoSecret, spellings, stored } from '../../shared/leaks';

const TOKEN = 'CAIS/sts+Token=Q7 "x"-2049';
const SECRET = 'VodSecret/+=0815abcdef';
const AUTH_KEY = 'Cb9AuthKeyEcho';

let server: Server;
let base = '';


beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const received = `${req.url} ${JSON.stringify(req.headers)} ${Buffer.concat(chunks).toString('utf8')}`;
			const echo = `${received} ${[TOKEN, SECRET, AUTH_KEY].flatMap(spellings).join(' ')}`;
			res.writeHead(400, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					RequestId: 'req-echo',
					Code: 'InvalidParameter',
					Message: `Specified parameter is not valid: ${echo}`,
					Recommend: `https://api.aliyun.com/troubleshoot?q=InvalidParameter&request=${encodeURIComponent(echo)}`,
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));



const credentials = (scheme: string) => ({
	aliyunVodApi: { accessKeyId: 'LTAIecho', accessKeySecret: SECRET, securityToken: TOKEN, region: 'cn-shanghai', endpoint: base, signatureScheme: scheme },
});

describe('VOD – secrets never reach errors or outputs', () => {
	test.each(['HMAC-SHA1', 'ACS3-HMAC-SHA256'])('Message and Recommend echoing token, secret and AuthKey are scrubbed (%s)', async (scheme) => {
		const parameters = { resource: 'callbackSettings', operation: 'set', callbackUrl: 'https://n8n.example.com/webhook/x', eventTypes: ['AIComplete'], authSwitch: true, authKey: AUTH_KEY };
		const stopped = await runNode({ type: NODE, parameters, credentials: credentials(scheme), input: [{}] });
		expect(stopped.error?.message).toMatch(/^Alibaba Cloud VOD error InvalidParameter: Specified parameter is not valid/);
		expect(stopped.error?.description).toMatch(/Provider recommends: https:\/\/api\.aliyun\.com/);
		expectNoSecret(stored(stopped.error), [TOKEN, SECRET, AUTH_KEY]);
		expectNoSecret(stored(stopped.run.data.resultData), [TOKEN, SECRET, AUTH_KEY]);

		const cont = await runNode({ type: NODE, parameters, credentials: credentials(scheme), input: [{}, {}], continueOnFail: true });
		expect(cont.items).toHaveLength(2);
		expectNoSecret(stored(cont.items), [TOKEN, SECRET, AUTH_KEY]);
		expectNoSecret(stored(cont.run.data.resultData), [TOKEN, SECRET, AUTH_KEY]);
	});

	test('job submit errors are scrubbed too', async () => {
		const parameters = { resource: 'job', operation: 'submit', videoId: 'v1', aiTemplateId: { __rl: true, mode: 'id', value: 't1' } };
		const { error, run } = await runNode({ type: NODE, parameters, credentials: credentials('ACS3-HMAC-SHA256'), input: [{}] });
		expect(error?.message).toMatch(/InvalidParameter/);
		// The AuthKey is not a parameter of this operation: the node cannot know the echo is one.
		expectNoSecret(stored(error), [TOKEN, SECRET]);
		expectNoSecret(stored(run.data.resultData), [TOKEN, SECRET]);
	});
});
