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

type Handler = (deps: AdminDeps, input: unknown) => unknown;

const setFaults: Handler = (deps, input) => (deps.sandbox.setFaults(input as FaultConfig), deps.faults());
const setQuota: Handler = (deps, input) => (deps.sandbox.setQuota(input as { enabled?: boolean; limits?: QuotaLimits }), deps.quota());

/** Path -> method -> answer body (always 200). Also the source of the 405 `Allow` list and the endpoint index. */
const ROUTES: Record<string, Record<string, Handler>> = {
	'/_admin/requests': { GET: ({ sandbox }) => sandbox.requests },
	'/_admin/callbacks': { GET: ({ sandbox }) => sandbox.callbacks },
	// {"hold": true} holds back outgoing callbacks, {"hold": false} delivers them; "provider" limits it to one.
	'/_admin/callbacks/hold': {
		GET: ({ sandbox }) => ({ held: sandbox.heldCallbacks() }),
		POST: ({ sandbox }, input) => {
			const { hold, provider } = input as { hold?: unknown; provider?: unknown };
			sandbox.holdCallbacks(hold === true, provider === 'veimagex' || provider === 'vod' ? provider : undefined);
			return { held: sandbox.heldCallbacks() };
		},
	},
	'/_admin/faults': {
		GET: (deps) => deps.faults(), PUT: setFaults, POST: setFaults,
		DELETE: (deps) => (deps.sandbox.clearFaults(), deps.faults()),
	},
	'/_admin/quota': { GET: (deps) => deps.quota(), PUT: setQuota, POST: setQuota },
	'/_admin/state': { GET: ({ sandbox }) => sandbox.state() },
	// POST only: a GET that wipes state could be fired by a browser prefetch or a link preview.
	'/_admin/reset': { POST: ({ sandbox }) => (sandbox.reset(), { reset: true }) },
};

/** `GET /_admin/requests`, …, `POST /_admin/reset`: for the index answer and the CLI banner. */
export function adminRoutes(): string[] {
	return Object.entries(ROUTES).map(([path, methods]) => `${Object.keys(methods).join('|')} ${path}`);
}

export function handleAdmin(deps: AdminDeps, method: string, path: string, body: Buffer, res: ServerResponse): void {
	const json = (status: number, value: unknown, headers?: Record<string, string>) => sendResponse(res, { status, body: value, headers });
	const route = path.replace(/\/+$/, '');
	if (route === '/_admin' && (method === 'GET' || method === 'HEAD')) {
		return json(200, { endpoints: Object.keys(ROUTES), routes: adminRoutes() });
	}
	const methods = Object.hasOwn(ROUTES, route) ? ROUTES[route] : undefined;
	if (!methods) return json(404, { error: `no admin route ${method} ${route}`, routes: adminRoutes() });
	// HEAD is answered like GET (Node drops the body), so `curl -I` probes work.
	const handler = Object.hasOwn(methods, method) ? methods[method] : method === 'HEAD' ? methods.GET : undefined;
	if (!handler) {
		const allow = Object.keys(methods).join(', ');
		return json(405, { error: `${method} ${route} is not supported; use ${allow}` }, { allow });
	}
	let input: unknown = {};
	if (body.length > 0) {
		try {
			input = JSON.parse(body.toString('utf8'));
		} catch {
			return json(400, { error: 'body must be JSON' });
		}
		if (typeof input !== 'object' || input === null || Array.isArray(input)) {
			return json(400, { error: 'body must be a JSON object' });
		}
	}
	return json(200, handler(deps, input));
}
