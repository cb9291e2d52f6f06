/**
 * The ApsaraVideo VOD AI-image emulator behind `/vod/<region>/` (region = path segment, standing in for the host
 * `vod.<region>.aliyuncs.com`). RPC style, Version 2017-03-21; params in the query string or an urlencoded body.
 */
import type { ApiError, ProviderContext, ProviderInstance, SandboxProvider, SandboxRequest } from '../core/provider';
import { ApiError as CloudError } from '../core/provider';
import type { ActionHandler } from './actionContext';
import { verifyVodRequest } from './auth';
import { errorEnvelope, internalError, missingParameter, throttled, unknownAction } from './errors';
import { jobActions } from './jobs';
import { messageCallbackActions } from './messageCallback';
import { NonceCache } from './nonces';
import { DEFAULT_VOD_OPTIONS, type VodOptions } from './options';
import { loggableParams, requestParams, wantsXml } from './params';
import { type ActionFamily, assertRegion } from './regions';
import { renderBody } from './render';
import { VodState } from './state';
import { templateActions } from './templates';

export const VOD_VERSION = '2017-03-21';

/** Documented QPS per account (vod-api.md §5.3). DeleteAITemplate is undocumented (assumed 5, like its siblings);
 *  GetMessageCallback has no documented limit and is left unlimited. */
export const VOD_QUOTAS: Record<string, number> = {
	SubmitAIImageJob: 30, GetAIImageJobs: 30, ListAIImageInfo: 100, DeleteAIImageInfos: 100,
	AddAITemplate: 5, GetAITemplate: 5, ListAITemplate: 5, UpdateAITemplate: 5, DeleteAITemplate: 5,
	SetDefaultAITemplate: 5, GetDefaultAITemplate: 10, SetMessageCallback: 15,
};

const ACTIONS: Record<string, { family: ActionFamily; handler: ActionHandler }> = {};
for (const [name, handler] of Object.entries(jobActions)) ACTIONS[name] = { family: 'job', handler };
for (const [name, handler] of Object.entries(templateActions)) ACTIONS[name] = { family: 'template', handler };
for (const [name, handler] of Object.entries(messageCallbackActions)) ACTIONS[name] = { family: 'callback', handler };

class VodInstance implements ProviderInstance {
	private readonly vod: VodState;
	private readonly nonces = new NonceCache();

	constructor(private readonly ctx: ProviderContext, private readonly options: VodOptions) {
		this.vod = new VodState(() => ctx.random.hex(16), () => ctx.clock.now());
	}

	describe(req: SandboxRequest) {
		const params = requestParams(req);
		return { action: params.Action, version: params.Version, region: req.routeRegion, params: loggableParams(params) };
	}

	verify(req: SandboxRequest) {
		return verifyVodRequest(req, { findKey: (id) => this.ctx.findKey(id), now: () => this.ctx.clock.now(), nonces: this.nonces });
	}

	async handle(req: SandboxRequest, _meta: unknown, auth: { accountId: string }) {
		const params = requestParams(req);
		if (!params.Version) throw missingParameter('Version');
		if (params.Version !== VOD_VERSION) throw new CloudError(400, 'InvalidVersion', `Specified parameter Version is not valid. (${VOD_VERSION} expected)`);
		if (!params.Action) throw missingParameter('Action');
		const action = ACTIONS[params.Action];
		if (!action) throw unknownAction(params.Action);
		const region = req.routeRegion ?? '';
		assertRegion(params.Action, action.family, region);
		const result = await action.handler({
			params, region, accountId: auth.accountId, all: this.vod,
			state: this.vod.region(auth.accountId, region),
			ctx: this.ctx, options: this.options,
			newId: () => this.ctx.random.hex(16), now: () => this.ctx.clock.now(),
		});
		const xmlRoot = wantsXml(req, params) ? `${params.Action}Response` : undefined;
		return renderBody(200, { RequestId: req.requestId, ...result }, xmlRoot);
	}

	renderError(err: ApiError, req: SandboxRequest) {
		const xml = wantsXml(req, requestParams(req));
		return renderBody(err.httpStatus, errorEnvelope(err, req.requestId, req.routeRegion), xml ? 'Error' : undefined, err.headers, err.code);
	}

	throttleError(_meta: unknown, verdict: { retryAfterMs: number }) {
		return throttled(verdict.retryAfterMs);
	}

	serverError() {
		return internalError();
	}

	state() {
		return this.vod.snapshot();
	}

	reset() {
		this.vod.reset();
		this.nonces.clear();
	}
}

export function createVodProvider(options: Partial<VodOptions> = {}): SandboxProvider {
	const merged = { ...DEFAULT_VOD_OPTIONS, ...options };
	return { name: 'vod', defaultQuotas: { ...VOD_QUOTAS }, create: (ctx) => new VodInstance(ctx, merged) };
}
