/** Loopback HTTP receiver for sandbox callbacks: records every POST (headers + raw body), answers `status`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export async function startReceiver(status = 200) {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		received,
		stop: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}
