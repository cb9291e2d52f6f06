/** Loopback HTTP receiver for sandbox callbacks: records every POST (headers + raw body) and answers `status`,
 *  which a test may change between messages. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface Receiver {
	url: string;
	received: Received[];
	/** HTTP status of the next answers. */
	status: number;
	stop(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<Receiver> {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(rx.status, { 'content-type': 'text/plain' });
			res.end(rx.status === 204 || rx.status === 304 ? undefined : 'ok'); // these statuses carry no body
		});
	});
	const rx: Receiver = {
		url: '',
		received,
		status,
		stop: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	rx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return rx;
}
