/**
 * veImageX AI process queue emulator (Version 2023-05-01), registered at `/veimagex` (sandbox/core/registry.ts).
 * Region comes from the signature scope; state is per (account, region), each with a built-in default queue.
 */
import type { ApiError } from '../core/provider';
import type { ProviderContext, ProviderInstance, RequestMeta, SandboxProvider, SandboxRequest } from '../core/provider';
import { parseVolcengineAuthorization } from '../../credentials/common/signing/volcengine';
import type { ActionSpec } from './actionTypes';
import { aiProcess } from './aiProcess';
import { Engine } from './engine';
import { Errors, renderError, renderSuccess, VERSION } from './errors';
import type { Scope } from './model';
import { parseJsonBody } from './params';
import { verifyVolcengine } from './verify';
import { createQueue, deleteQueue, getQueues, updateQueue, updateQueueStatus } from './queues';
import { getAllServices, SERVICES_VERSION } from './services';
import { createTask, deleteDetail, getDetails, getTasks, resendCallback } from './tasks';

export const ACTIONS: Record<string, ActionSpec> = {
	CreateImageAIProcessQueue: { method: 'POST', qps: 10, run: createQueue },
	UpdateImageAIProcessQueue: { method: 'POST', qps: 10, run: updateQueue },
	UpdateImageAIProcessQueueStatus: { method: 'POST', qps: 10, run: updateQueueStatus },
	DeleteImageAIProcessQueue: { method: 'POST', qps: 10, run: deleteQueue },
	GetImageAIProcessQueues: { method: 'GET', qps: 10, run: getQueues },
	CreateImageAITask: { method: 'POST', qps: 1, cnNorth1Only: true, run: createTask },
	GetImageAITasks: { method: 'GET', qps: 10, cnNorth1Only: true, run: getTasks },
	GetImageAIDetails: { method: 'GET', qps: 10, cnNorth1Only: true, run: getDetails },
	DeleteImageAIProcessDetail: { method: 'POST', qps: 10, run: deleteDetail },
	CreateImageAIProcessCallback: { method: 'POST', qps: 10, run: resendCallback },
	AIProcess: { method: 'POST', qps: 1, cnNorth1Only: true, run: aiProcess },
	// 10/s is UNVERIFIED: neither the reference nor the SDK states this action's quota.
	GetAllImageServices: { method: 'GET', qps: 10, version: SERVICES_VERSION, run: getAllServices },
};

/** Loggable params: query for GET; body keys for POST with long lists summarised. */
function loggableParams(req: SandboxRequest): Record<string, unknown> {
	const params: Record<string, unknown> = { ...req.queryMap };
	delete params.Action;
	delete params.Version;
	if (req.method !== 'POST' || req.body.length === 0) return params;
	try {
		const body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
		for (const [k, v] of Object.entries(body)) params[k] = Array.isArray(v) && v.length > 20 ? `[${v.length} items]` : v;
	} catch {
		params.body = `<${req.body.length} bytes, not JSON>`;
	}
	return params;
}

function createInstance(ctx: ProviderContext): ProviderInstance {
	const scopes = new Map<string, Scope>();
	const engine = new Engine(ctx, scopes);
	const newId = () => ctx.random.hex(12);

	function scopeFor(accountId: string, region: string): { key: string; scope: Scope } {
		const key = `${accountId}|${region}`;
		let scope = scopes.get(key);
		if (!scope) {
			scope = { queues: new Map(), tasks: new Map(), entryIndex: new Map() };
			const id = newId();
			scope.queues.set(id, {
				Id: id, Name: 'default', Desc: 'built-in default queue', Status: 'Running', Type: 'default',
				createdMs: ctx.clock.now(), Attribute: 'ai_super_resolution', EnableCallback: false,
			});
			scopes.set(key, scope);
		}
		return { key, scope };
	}

	return {
		describe(req) {
			const auth = parseVolcengineAuthorization(req.headers['authorization'] ?? '');
			return {
				action: req.queryMap.Action, version: req.queryMap.Version, region: auth?.region,
				params: loggableParams(req),
			};
		},
		verify: (req) => verifyVolcengine(req, ctx),
		async handle(req, meta, auth) {
			const { Action, Version } = req.queryMap;
			if (!Action || !Version) throw Errors.missingParameter('Action and Version are required query parameters');
			const spec = ACTIONS[Action];
			if (!spec || Version !== (spec.version ?? VERSION)) {
				throw Errors.invalidActionOrVersion(`Action ${Action} with Version ${Version} is not supported`);
			}
			const region = auth.region ?? 'cn-north-1';
			if (spec.cnNorth1Only && region !== 'cn-north-1') {
				throw Errors.invalidActionOrVersion(`Action ${Action} is not available in region ${region} (cn-north-1 only)`);
			}
			if (req.method !== spec.method) {
				throw Errors.methodNotAllowed(`${Action} must be called with ${spec.method}, not ${req.method}`);
			}
			const { key, scope } = scopeFor(auth.accountId, region);
			const result = await spec.run({
				req, meta, body: spec.method === 'POST' ? parseJsonBody(req.body) : {}, query: req.queryMap,
				scope, scopeKey: key, ctx, engine, newId, now: () => ctx.clock.now(),
			});
			return renderSuccess(req, meta, result);
		},
		renderError: (err: ApiError, req: SandboxRequest, meta: RequestMeta) => renderError(err, req, meta),
		throttleError: (meta) =>
			Errors.flowLimitExceeded(`Request rate of ${meta.action} exceeds the limit; reduce the request frequency`),
		serverError: () => Errors.internalError('Internal error, please retry later'),
		state: () =>
			Object.fromEntries(
				[...scopes].map(([key, s]) => [key, {
					queues: [...s.queues.values()],
					tasks: [...s.tasks.values()].map((t) => ({
						TaskId: t.TaskId, QueueId: t.QueueId, Status: t.Status, Total: t.entries.length,
						Done: t.entries.filter((e) => e.Status === 'Success' || e.Status === 'Fail').length,
					})),
				}]),
			),
		reset() {
			engine.reset();
			scopes.clear();
		},
		stop: () => engine.reset(),
	};
}

export const provider: SandboxProvider = {
	name: 'veimagex',
	defaultQuotas: Object.fromEntries(Object.entries(ACTIONS).map(([action, spec]) => [action, spec.qps])),
	create: createInstance,
};
