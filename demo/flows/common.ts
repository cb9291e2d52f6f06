// Pieces every demo flow uses: run an example workflow on the harness, wait for callbacks, show live status,
// build the summary row.
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../../test/harness';
import type { Sandbox } from '../../sandbox';
import type { ExampleWorkflow } from '../examples';
import { StatusLine } from '../progress';
import { tally, type FlowResult } from '../report';
import { apiStatsSince, callbackStats, totalCalls, type CallbackStats } from '../stats';

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

/** Polls `done()` every 100 ms until true or the timeout. */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (done()) return true;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return done();
}

/** Where a flow's figures come from: the sandbox logs from the flow's start on, and the items it emitted. */
export class FlowTracker {
	readonly started = Date.now();
	readonly logFrom: number;
	readonly callbacksFrom: number;
	readonly problems: string[] = [];
	readonly notes: string[] = [];
	/** Items the flow has submitted so far (shown as "submitted"; undefined = not known yet). */
	submitted?: () => number;
	readonly status: StatusLine;

	constructor(
		readonly flow: string,
		readonly ctx: FlowContext,
		/** The flow's output items so far (what the summary counts). */
		readonly items: () => INodeExecutionData[],
		/** The provider's callback success rule, for flows driven by callbacks. */
		private readonly callbackAccepted?: (status: number) => boolean,
	) {
		this.logFrom = ctx.sb.requests.length;
		this.callbacksFrom = ctx.sb.callbacks.length;
		this.status = new StatusLine(flow, () => this.line()).start();
	}

	callbacks(): CallbackStats | undefined {
		if (!this.callbackAccepted) return undefined;
		return callbackStats(this.ctx.sb.callbacks.slice(this.callbacksFrom), this.callbackAccepted);
	}

	/** The summary row: ok when nothing went wrong and every input item came out exactly once. */
	result(): FlowResult {
		this.status.stop();
		const items = this.items();
		return {
			flow: this.flow,
			itemsIn: this.ctx.items,
			itemsOut: items.length,
			...tally(items),
			...apiStatsSince(this.ctx.sb, this.logFrom),
			callbacks: this.callbacks(),
			ms: Date.now() - this.started,
			ok: this.problems.length === 0 && items.length === this.ctx.items,
			problems: this.problems,
			notes: this.notes,
		};
	}

	private line(): string {
		const { succeeded, failed } = tally(this.items());
		const api = apiStatsSince(this.ctx.sb, this.logFrom);
		const parts = [
			`submitted ${this.submitted ? this.submitted() : '-'}/${this.ctx.items}`,
			`done ${succeeded}`,
			`failed ${failed}`,
			`API calls ${totalCalls(api)} (throttled ${api.throttled}, 5xx/reset ${api.serverErrors}: retried)`,
		];
		const callbacks = this.callbacks();
		if (callbacks) {
			parts.push(`callbacks ${callbacks.messages} (in flight ${callbacks.inFlight}, timed out ${callbacks.timedOut}, redelivered ${callbacks.redelivered})`);
		}
		return parts.join(' · ');
	}
}

/** Successful calls of `action` since the flow started (e.g. jobs submitted so far). */
export function acceptedCalls(tracker: FlowTracker, action: string): number {
	return tracker.ctx.sb.requests.slice(tracker.logFrom).filter((r) => r.action === action && r.status === 200 && !r.throttled && !r.fault).length;
}
