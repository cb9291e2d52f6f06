// Sends signed requests through n8n's real transport (@n8n/backend-network, axios) to a loopback server and
// re-verifies what actually arrived: proves nothing re-encodes the query or re-serialises the body after signing.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { httpRequest } from '@n8n/backend-network/testing';
import { AliyunVodApi } from '../../credentials/AliyunVodApi.credentials';
import { VolcengineImageXApi } from '../../credentials/VolcengineImageXApi.credentials';
import { reverifyAcs3, reverifyRpc, reverifyVolcengine } from './reverify';

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: string }
let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.setHeader('content-type', 'application/json');
			res.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

/** Rebuild request options from what the server received, as the sandbox verifier would. */
function asReceived(r: Received): IHttpRequestOptions {
	const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
	return { method: r.method as IHttpRequestOptions['method'], url: `${base}${r.url}`, headers, body: r.body === '' ? undefined : r.body };
}

async function send(req: IHttpRequestOptions): Promise<Received> {
	const before = received.length;
	// backend-network bundles its own n8n-workflow copy, whose types differ only in the method union.
	await (httpRequest as (options: unknown) => Promise<unknown>)(req);
	expect(received.length).toBe(before + 1);
	return received[received.length - 1];
}

describe('signed requests through n8n transport', () => {
	it('Volcengine GET with reserved characters and POST with an object body verify on arrival', async () => {
		const credential = new VolcengineImageXApi();
		const creds = { accessKeyId: 'AK', secretAccessKey: 'SK', region: 'cn-north-1', endpoint: `${base}/veimagex`, service: 'imagex' };
		const get = await send(await credential.authenticate(creds, { method: 'GET', url: '/', qs: { Action: 'GetImageAITasks', Version: '2023-05-01', SearchPtn: "a b*(1)!'" } }));
		expect(get.url).toBe('/veimagex?Action=GetImageAITasks&SearchPtn=a%20b%2A%281%29%21%27&Version=2023-05-01');
		expect(reverifyVolcengine(asReceived(get), 'SK')).toBe(true);
		const post = await send(await credential.authenticate(creds, { method: 'POST', url: '/', qs: { Action: 'CreateImageAIProcessQueue', Version: '2023-05-01' }, body: { Name: '队列 1', IsStart: false } }));
		expect(post.body).toBe('{"Name":"队列 1","IsStart":false}');
		expect(reverifyVolcengine(asReceived(post), 'SK')).toBe(true);
	});

	it('Alibaba ACS3 and RPC (form body) verify on arrival', async () => {
		const credential = new AliyunVodApi();
		const creds = { accessKeyId: 'LTAI', accessKeySecret: 'SEC', region: 'cn-shanghai', endpoint: `${base}/vod/cn-shanghai` };
		const acs3 = await send(await credential.authenticate({ ...creds, signatureScheme: 'ACS3-HMAC-SHA256' }, { method: 'POST', url: '/', qs: { Action: 'SubmitAIImageJob', Version: '2017-03-21', UserData: '{"a":"b c*"}' } }));
		expect(reverifyAcs3(asReceived(acs3), 'SEC')).toBe(true);
		const rpc = await send(await credential.authenticate({ ...creds, signatureScheme: 'HMAC-SHA1', securityToken: 'CAIS+t' }, { method: 'POST', url: '/', qs: { Action: 'GetAIImageJobs', Version: '2017-03-21' }, body: { JobIds: 'a,b c' } }));
		expect(rpc.body).toBe('JobIds=a%2Cb%20c');
		expect(reverifyRpc(asReceived(rpc), 'SEC')).toBe(true);
	});
});
