/** Shared setup for the VOD AI Image node tests: one sandbox per file, the node run on real n8n-core. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox';
import { createVodProvider, type VodOptions } from '../../../sandbox/vod';
import { runNode, type RunNodeResult } from '../../harness';

export const NODE = 'aliyunVodAiImage';

export async function startVodSandbox(opts: Partial<SandboxOptions> & { vod?: Partial<VodOptions> } = {}): Promise<Sandbox> {
	const { vod, ...rest } = opts;
	return await startSandbox({ port: 0, speed: 'fast', quotas: true, failureRate: 0, seed: 7, providers: { vod: createVodProvider({ eventTimeStyle: 'iso', ...vod }) }, ...rest });
}

export function credentialsFor(sb: Sandbox, overrides: IDataObject = {}) {
	return { aliyunVodApi: { ...sb.credentials.aliyun, endpoint: sb.vodEndpoint('cn-shanghai'), region: 'cn-shanghai', ...overrides } };
}

export async function runVod(
	sb: Sandbox,
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	opts: { continueOnFail?: boolean; credentials?: IDataObject } = {},
): Promise<RunNodeResult> {
	return await runNode({ type: NODE, parameters, input, credentials: credentialsFor(sb, opts.credentials), continueOnFail: opts.continueOnFail });
}

/** Requests of one action that reached the VOD emulator. */
export function calls(sb: Sandbox, action: string) {
	return sb.requests.filter((entry) => entry.provider === 'vod' && entry.action === action);
}

export async function defaultTemplateId(sb: Sandbox): Promise<string> {
	const { items, error } = await runVod(sb, { resource: 'template', operation: 'getMany', templateType: 'AIImage' });
	if (error) throw error;
	const templates = items[0].json.templates as IDataObject[];
	return String(templates.find((t) => t.IsDefault === 'Default')?.TemplateId ?? templates[0].TemplateId);
}

export function submitParams(templateId: string, extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'job',
		operation: 'submit',
		videoId: '={{ $json.videoId }}',
		aiTemplateId: { __rl: true, mode: 'id', value: templateId },
		...extra,
	};
}

export const videos = (n: number) => Array.from({ length: n }, (_, i) => ({ videoId: `video${String(i).padStart(3, '0')}` }));

/**
 * Drops the connection of every other VOD request (1st, 3rd, …) for `action` until the returned function is called.
 * Decided per arrival, not by a fault rate: rates draw from the sandbox's seeded random source, which its job timers
 * also draw from, so under CPU load the draws shifted and a run could meet six resets in a row (the node's whole
 * retry budget) and fail with ECONNRESET. The sandbox logs a request before it decides its fault, so switching the
 * fault from the log takes effect for exactly that request. Counts every VOD arrival: send only `action` meanwhile.
 */
export function dropEveryOtherRequest(sb: Sandbox, action: string): () => void {
	const log = sb.requests;
	const push = log.push.bind(log);
	let arrivals = 0;
	log.push = (...entries) => {
		for (const entry of entries) {
			if (entry.provider === 'vod') sb.setFaults({ vod: arrivals++ % 2 === 0 ? { [action]: { resetRate: 1 } } : {} });
		}
		return push(...entries);
	};
	return () => {
		delete (log as { push?: unknown }).push;
		sb.clearFaults();
	};
}
