/** `/_admin/*` JSON endpoints: request log, callback log, faults get/set, quota get/set, state, reset. */
import type { ServerResponse } from 'node:http';
import type { FaultConfig } from './faults';
import type { QuotaLimits, Sandbox } from './options';
import { sendResponse } from './pipeline';

export interface AdminDeps {
	sandbox: Sandbox;
	faults(): FaultConfig;
	quota(): unknown;
}

export function handleAdmin(deps: AdminDeps, method: string, path: string, body: Buffer, res: ServerResponse): void {
	const json = (status: number, value: unknown) => sendResponse(res, { status, body: value });
	let input: unknown = {};
	if (body.length > 0) {
		try {
			input = JSON.parse(body.toString('utf8'));
		} catch {
			return json(400, { error: 'body must be JSON' });
		}
	}
	const sb = deps.sandbox;
	const route = `${method} ${path.replace(/\/+$/, '')}`;
	switch (route) {
		case 'GET /_admin':
			return json(200, {
				endpoints: ['requests', 'callbacks', 'faults', 'quota', 'state', 'reset'].map((p) => `/_admin/${p}`),
			});
		case 'GET /_admin/requests':
			return json(200, sb.requests);
		case 'GET /_admin/callbacks':
			return json(200, sb.callbacks);
		case 'GET /_admin/faults':
			return json(200, deps.faults());
		case 'PUT /_admin/faults':
		case 'POST /_admin/faults':
			sb.setFaults(input as FaultConfig);
			return json(200, deps.faults());
		case 'DELETE /_admin/faults':
			sb.clearFaults();
			return json(200, deps.faults());
		case 'GET /_admin/quota':
			return json(200, deps.quota());
		case 'PUT /_admin/quota':
		case 'POST /_admin/quota':
			sb.setQuota(input as { enabled?: boolean; limits?: QuotaLimits });
			return json(200, deps.quota());
		case 'GET /_admin/state':
			return json(200, sb.state());
		case 'POST /_admin/reset':
			sb.reset();
			return json(200, { reset: true });
		default:
			return json(404, { error: `no admin route ${route}` });
	}
}
