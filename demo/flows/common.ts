// Pieces every demo flow uses: run an example workflow on the harness and wait for callbacks.
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness';
import type { Sandbox } from '../../sandbox';
import type { ExampleWorkflow } from '../examples';
import { apiCallsSince, countFailures, type FlowResult } from '../report';

export interface FlowContext {
	sb: Sandbox;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	items: number;
	/** Give up waiting for callbacks/results after this long. */
	timeoutMs: number;
}

/** Runs a workflow from its Manual Trigger; returns the named node's output, throws with n8n's error text. */
export async function runExample(
	wf: ExampleWorkflow,
	ctx: FlowContext,
	outputNode: string,
): Promise<INodeExecutionData[]> {
	const result = await runWorkflow({ workflow: wf, credentials: ctx.credentials });
	if (result.error) {
		const error = result.error;
		throw new Error(`${wf.name}: ${error.message}${error.description ? ` (${error.description})` : ''}`);
	}
	return result.output(outputNode);
}

/** Polls `done()` every 100 ms until true or the timeout; reports progress when the count changes. */
export async function waitFor(
	done: () => boolean,
	timeoutMs: number,
	onTick?: () => void,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		onTick?.();
		if (done()) return true;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return done();
}

/** The summary row of a flow: ok when nothing went wrong and every input item came out once. */
export function flowResult(
	flow: string,
	ctx: FlowContext,
	started: number,
	logFrom: number,
	items: INodeExecutionData[],
	problems: string[],
	notes: string[],
): FlowResult {
	return {
		flow,
		itemsIn: ctx.items,
		itemsOut: items.length,
		failures: countFailures(items),
		...apiCallsSince(ctx.sb, logFrom),
		ms: Date.now() - started,
		ok: problems.length === 0 && items.length === ctx.items,
		problems,
		notes,
	};
}
