/**
 * The webhook side of a waiting execution, shared by both nodes: authenticate the call, decide "all final?" from the
 * provider's status API (never from the callback body), and either keep waiting (answer, nothing saved) or resume
 * with one output item per input item on the Done output. `webhook()` must never throw: n8n would resume the
 * execution as failed and drop its earlier run data.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answer, readBody } from '../callbackTrigger/http';
import { errorItem } from '../items';
import { oneAtATime, type DecisionMemory } from './coordination';
import { DONE_OUTPUT } from './description';
import { loadWaitState, markerMatches, saveWaitState, type SavedFailure, type WaitState } from './state';

/** Callback bodies are small (a veImageX task message lists ≤ 5000 entries); anything far larger is refused. */
const MAX_CALLBACK_BYTES = 16 * 1024 * 1024;

/**
 * The result-building helpers are written for execute functions. In a resumed execution n8n gives webhook functions,
 * which have everything they use (node, parameters, credentials, HTTP and binary helpers) except `continueOnFail`,
 * answered here from the node's settings exactly as n8n-core does.
 */
export function asExecuteFunctions(ctx: IWebhookFunctions): IExecuteFunctions {
	const node = ctx.getNode();
	const continueOnFail = () =>
		node.continueOnFail === true || node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput';
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'continueOnFail') return continueOnFail;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	}) as unknown as IExecuteFunctions;
}

/**
 * Walks the batches from the most recently submitted one and stops at the first that is not final: while work is
 * still running this costs one status call per callback (the newest batch finishes last), and only the final
 * callback pays for a full pass. Batches this process already saw final are not asked again. `isFinal` throws when
 * the provider cannot answer.
 */
export async function allFinalNewestFirst<T>(
	batches: T[],
	keyOf: (batch: T) => string,
	isFinal: (batch: T) => Promise<boolean>,
	memory?: DecisionMemory,
): Promise<boolean> {
	for (let index = batches.length - 1; index >= 0; index--) {
		const key = keyOf(batches[index]);
		if (memory?.finalBatches.has(key)) continue;
		if (!(await isFinal(batches[index]))) return false;
		memory?.finalBatches.add(key);
	}
	return true;
}

/** Error items for the inputs that failed before the wait (kept as text in the saved state). */
export function savedFailureItems(ctx: IExecuteFunctions, failures: SavedFailure[], output: Array<INodeExecutionData | undefined>): void {
	for (const failure of failures) {
		const error = new NodeOperationError(ctx.getNode(), failure.message, {
			itemIndex: failure.itemIndex,
			...(failure.description ? { description: failure.description } : {}),
		});
		output[failure.itemIndex] = errorItem(error, failure.itemIndex);
	}
}

/** Both outputs: nothing on Timed Out, the items (in input order, one per input item) on Done. */
export function doneOutputs(output: Array<INodeExecutionData | undefined>): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = [[], []];
	outputs[DONE_OUTPUT] = output.filter((item): item is INodeExecutionData => item !== undefined);
	return outputs;
}

export interface CallbackHandler<T> {
	provider: string;
	/** Extra authentication beyond token + marker (VOD signature); a reason string refuses the call. */
	authenticate?: (ctx: IWebhookFunctions, state: WaitState<T>, body: string) => string | undefined;
	/** True when the callback names a task/job of this execution (a parsed body that names none is foreign). */
	isOurs: (state: WaitState<T>, body: IDataObject) => boolean;
	/** Asks the provider; throws when it cannot answer. Returns the results builder when everything is final. */
	check: (ctx: IExecuteFunctions, state: WaitState<T>, memory?: DecisionMemory) => Promise<((output: Array<INodeExecutionData | undefined>) => Promise<void>) | undefined>;
}

function parseObject(text: string): IDataObject | undefined {
	try {
		const value = JSON.parse(text) as unknown;
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** One callback: refuse, keep waiting (200) or resume. Every failure is answered, none is thrown. */
export async function handleCallback<T>(ctx: IWebhookFunctions, handler: CallbackHandler<T>): Promise<IWebhookResponseData> {
	const label = `${ctx.getNode().name}: ${handler.provider} callback`;
	try {
		const state = loadWaitState<T>(ctx);
		if (!state) return answer(ctx, 409, 'This node is not waiting for callbacks');
		if (!markerMatches(ctx, state)) {
			ctx.logger.warn(`${label} refused: batch marker missing or wrong`);
			return answer(ctx, 403, 'Not a callback of this execution');
		}
		const body = await readBody(ctx, MAX_CALLBACK_BYTES);
		if (!body.ok) return answer(ctx, body.status, body.message);
		const refusal = handler.authenticate?.(ctx, state, body.text);
		if (refusal) {
			ctx.logger.warn(`${label} refused: ${refusal}`);
			return answer(ctx, 401, 'Unauthorized');
		}
		const parsed = (body.parsed as IDataObject | undefined) ?? parseObject(body.text);
		if (!parsed) return answer(ctx, 400, 'Body is not a JSON object');
		if (!handler.isOurs(state, parsed)) {
			ctx.logger.warn(`${label} refused: it names no task or job of this execution`);
			return answer(ctx, 403, 'Not a task or job of this execution');
		}

		// One decision at a time per execution in this process (bursts of callbacks: one status pass, no throttling).
		return await oneAtATime(state.marker, async (memory) => await decide(ctx, handler, state, memory, label));
	} catch (error) {
		ctx.logger.error(`${label}: unexpected failure, still waiting: ${(error as Error).message}`);
		return answer(ctx, 500, 'Internal error, still waiting');
	}
}

/** After authentication: ask the provider, then keep waiting or resume. */
async function decide<T>(
	ctx: IWebhookFunctions,
	handler: CallbackHandler<T>,
	state: WaitState<T>,
	memory: DecisionMemory,
	label: string,
): Promise<IWebhookResponseData> {
	if (memory.resumed) return answer(ctx, 200, 'Received, the results are already complete');
	const fns = asExecuteFunctions(ctx);
	let build: Awaited<ReturnType<CallbackHandler<T>['check']>>;
	try {
		build = await handler.check(fns, state, memory);
	} catch (error) {
		// Not decided now: a non-2xx asks the provider to deliver again (VOD retries; the deadline is the backstop).
		ctx.logger.error(`${label}: status check failed, still waiting: ${(error as Error).message}`);
		return answer(ctx, 503, 'Could not check the status, still waiting');
	}
	if (!build) return answer(ctx, 200, 'Received, still waiting');

	const output: Array<INodeExecutionData | undefined> = new Array(state.itemCount);
	savedFailureItems(fns, state.failures, output);
	try {
		await build(output);
	} catch (error) {
		// Without Continue On Fail an item error cannot become an item: stay waiting, the deadline path remains.
		ctx.logger.error(`${label}: results could not be built, still waiting: ${(error as Error).message}`);
		return answer(ctx, 503, 'Could not collect the results, still waiting');
	}
	memory.resumed = true;
	return { workflowData: doneOutputs(output), webhookResponse: { message: 'Received, all results are in' } };
}

export interface WaitRequest<T> {
	marker: string;
	callbackUrl: string;
	deadline: number;
	data: T;
}

/**
 * The end of `execute()` for a waiting operation: everything is submitted and `output` holds the error items of the
 * inputs that failed. Checks once more right before waiting (callbacks that came while submitting were refused by
 * n8n with 409), then saves the state and puts the execution to wait until the deadline.
 */
export async function waitForCallbacks<T>(
	ctx: IExecuteFunctions,
	output: Array<INodeExecutionData | undefined>,
	request: WaitRequest<T>,
	check: CallbackHandler<T>['check'],
): Promise<INodeExecutionData[][]> {
	const failures: SavedFailure[] = [];
	output.forEach((item, itemIndex) => {
		if (item) failures.push({ itemIndex, message: String(item.json.error ?? item.error?.message ?? 'Failed'), ...(item.json.description ? { description: String(item.json.description) } : {}) });
	});
	const state: WaitState<T> = { version: 1, itemCount: output.length, failures, ...request };
	let build: Awaited<ReturnType<CallbackHandler<T>['check']>>;
	try {
		build = await check(ctx, state);
	} catch (error) {
		// The callbacks will ask again; not knowing now is no reason to fail jobs that were submitted.
		ctx.logger.warn(`${ctx.getNode().name}: status check before waiting failed (${(error as Error).message}); waiting for callbacks`);
	}
	if (build) {
		await build(output);
		return doneOutputs(output);
	}
	saveWaitState(ctx, state);
	await ctx.putExecutionToWait(new Date(request.deadline));
	// Discarded by n8n; it must not be null, or n8n would not record this node as the one that waits.
	return [ctx.getInputData(), []];
}
