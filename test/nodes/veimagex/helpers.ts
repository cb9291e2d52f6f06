/** Shared set-up for the veImageX AI Queue node tests: one sandbox per test file, runs through the harness. */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { VolcengineImageXApi } from '../../../credentials/VolcengineImageXApi.credentials';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox';
import { runNode, type RunNodeResult } from '../../harness';

export const NODE_TYPE = 'veImageXAiQueue';

export async function startVeImageXSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ port: 0, speed: 'fast', quotas: true, failureRate: 0, seed: 7, ...options });
}

export function credentialsOf(sb: Sandbox, override: IDataObject = {}) {
	return { volcengineImageXApi: { ...sb.credentials.volcengine, ...override } };
}

export async function run(
	sb: Sandbox,
	parameters: INodeParameters,
	input?: INodeExecutionData[] | IDataObject[],
	extra: { continueOnFail?: boolean; credentials?: IDataObject } = {},
): Promise<RunNodeResult> {
	return await runNode({
		type: NODE_TYPE,
		parameters,
		credentials: credentialsOf(sb, extra.credentials),
		input,
		continueOnFail: extra.continueOnFail,
	});
}

/** Requests of one action that reached the veImageX emulator (throttled ones included). */
export function calls(sb: Sandbox, action: string) {
	return sb.requests.filter((r) => r.provider === 'veimagex' && r.action === action);
}

export function veimagexCalls(sb: Sandbox) {
	return sb.requests.filter((r) => r.provider === 'veimagex');
}

export const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

/** Creates a queue directly through the node and returns its id. */
export async function createQueue(sb: Sandbox, name: string, extra: INodeParameters = {}): Promise<string> {
	const { items, error } = await run(sb, {
		resource: 'queue',
		operation: 'create',
		name,
		attribute: 'ai_super_resolution',
		isStart: true,
		...extra,
	});
	if (error) throw error;
	return String(items[0].json.QueueId);
}

export function urls(count: number, prefix = 'img'): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({ url: `https://cdn.example.com/batch/${prefix}-${i}.png` }));
}

/** One raw signed veImageX call (the credential's real signer, plain fetch, no pacing or retry). */
export async function signedCall(sb: Sandbox, action: string, body: IDataObject): Promise<IDataObject> {
	const signed = await new VolcengineImageXApi().authenticate(sb.credentials.volcengine as never, {
		method: 'POST',
		url: '/',
		qs: { Action: action, Version: '2023-05-01' },
		body,
	});
	const response = await fetch(String(signed.url), {
		method: 'POST',
		headers: signed.headers as Record<string, string>,
		body: signed.body as string,
	});
	return (await response.json()) as IDataObject;
}

/**
 * Seeds with raw signed requests, 20 at a time, so paging tests do not spend 10 s per 100 objects in the node's
 * own quota pacing. Start the sandbox with the seeded action's quota removed.
 */
export async function seed(sb: Sandbox, action: string, bodies: IDataObject[]): Promise<string[]> {
	const ids: string[] = [];
	for (let start = 0; start < bodies.length; start += 20) {
		const answers = await Promise.all(bodies.slice(start, start + 20).map(async (body) => await signedCall(sb, action, body)));
		for (const answer of answers) {
			const result = answer.Result as IDataObject | undefined;
			if (!result) throw new Error(`seeding ${action} failed: ${JSON.stringify(answer.ResponseMetadata)}`);
			ids.push(String(result.TaskId ?? result.QueueId));
		}
	}
	return ids;
}

export async function seedQueues(sb: Sandbox, names: string[]): Promise<string[]> {
	return await seed(sb, 'CreateImageAIProcessQueue', names.map((name) => ({ Name: name, Attribute: 'bgfill' })));
}

/**
 * Another client of the same account (no pacing, plain fetch) sending CreateImageAITask calls for `durationMs`:
 * each one the quota admits uses the account's 1/s slot (then fails validation), so the node gets throttled.
 */
export async function competingClient(sb: Sandbox, durationMs: number): Promise<number> {
	const until = Date.now() + durationMs;
	let sent = 0;
	while (Date.now() < until) {
		await signedCall(sb, 'CreateImageAITask', { ServiceId: 'hog' });
		sent++;
	}
	return sent;
}

/** Tasks the emulator holds for a queue (all accounts/regions). */
export function tasksIn(sb: Sandbox, queueId: string): Array<{ TaskId: string; Total: number; Status: string; Done: number }> {
	const state = sb.state() as Record<string, Record<string, { tasks: Array<{ TaskId: string; QueueId: string; Total: number; Status: string; Done: number }> }>>;
	return Object.values(state.veimagex ?? {}).flatMap((scope) => scope.tasks.filter((t) => t.QueueId === queueId));
}

/** Parameters of Task → Create (image from the item's `url` field), with overrides. */
export function taskCreateParams(queueId: string, extra: IDataObject = {}): INodeParameters {
	return {
		resource: 'task',
		operation: 'create',
		serviceId: 'svc-1',
		queueId: byId(queueId),
		imageField: 'url',
		workflowTemplateId: byId('system_workflow_ai_super_resolution'),
		workflowParameter: '{}',
		...(extra as INodeParameters),
	};
}
