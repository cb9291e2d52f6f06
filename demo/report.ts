// What one demo flow did, and the summary table printed at the end.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { describeCallbacks, totalCalls, type ApiStats, type CallbackStats } from './stats';

export { progressOutput } from './progress';

export interface FlowResult extends ApiStats {
	flow: string;
	itemsIn: number;
	/** Items that came out as a success. */
	succeeded: number;
	/** Items that came out as a failure (provider error code on the item, or an error item). */
	failed: number;
	/** Every item that came out: succeeded + failed (more than itemsIn only if something was emitted twice). */
	itemsOut: number;
	/** Provider error code -> number of items that failed with it. */
	failures: Record<string, number>;
	/** Provider error code -> the provider's message for it (first seen). */
	failureMessages: Record<string, string>;
	/** Callback deliveries, for flows driven by provider callbacks. */
	callbacks?: CallbackStats;
	ms: number;
	ok: boolean;
	/** Why the flow is not ok (empty when ok). */
	problems: string[];
	/** Extra figures shown under the table (e.g. binary files downloaded). */
	notes: string[];
}

export interface Failure {
	code: string;
	message: string;
}

/** The provider error an output item carries, if it is a failure (veImageX entry, VOD job, error item). */
export function failureOf(item: INodeExecutionData): Failure | undefined {
	const json = item.json;
	if (item.error || json.error) {
		const error = (item.error ?? json.error) as IDataObject & { context?: IDataObject; httpCode?: string };
		const code = String(error.context?.code ?? error.httpCode ?? error.code ?? 'error');
		return { code, message: String(error.context?.message ?? error.message ?? error.description ?? '') };
	}
	const status = String(json.status ?? json.Status ?? '').toLowerCase();
	if (!['fail', 'failed', 'failure', 'error'].includes(status)) return undefined;
	return { code: String(findKey(json, /^(err_?code|errcode|code)$/i) ?? status), message: String(findKey(json, /^(err_?msg|errmsg|message)$/i) ?? '') };
}

/** The first meaningful value under a key matching `name`, searched breadth-first a few levels deep. */
function findKey(value: unknown, name: RegExp, depth = 0): unknown {
	if (depth > 3 || !value || typeof value !== 'object') return undefined;
	for (const [key, inner] of Object.entries(value as IDataObject)) {
		if (name.test(key) && inner !== '' && inner !== null && inner !== undefined && inner !== 0 && inner !== '0' && typeof inner !== 'object') {
			return inner;
		}
	}
	for (const inner of Object.values(value as IDataObject)) {
		const found = findKey(inner, name, depth + 1);
		if (found !== undefined) return found;
	}
	return undefined;
}

/** Succeeded / failed counts and failures by code (with the provider's message) of a flow's output items. */
export function tally(items: INodeExecutionData[]): Pick<FlowResult, 'succeeded' | 'failed' | 'failures' | 'failureMessages'> {
	const out = { succeeded: 0, failed: 0, failures: {} as Record<string, number>, failureMessages: {} as Record<string, string> };
	for (const item of items) {
		const failure = failureOf(item);
		if (!failure) {
			out.succeeded++;
			continue;
		}
		out.failed++;
		out.failures[failure.code] = (out.failures[failure.code] ?? 0) + 1;
		if (failure.message && !out.failureMessages[failure.code]) out.failureMessages[failure.code] = failure.message;
	}
	return out;
}

export function renderSummary(results: FlowResult[]): string {
	const header = ['Flow', 'Result', 'In', 'Succeeded', 'Failed', 'No result', 'API calls', 'Throttled', '5xx/reset', 'Callbacks (timed out / redelivered / lost)', 'Time'];
	const rows = results.map((r) => [
		r.flow,
		r.ok ? 'OK' : 'FAILED',
		String(r.itemsIn),
		String(r.succeeded),
		String(r.failed),
		String(Math.max(0, r.itemsIn - r.itemsOut)),
		String(totalCalls(r)),
		String(r.throttled),
		String(r.serverErrors),
		r.callbacks ? `${r.callbacks.messages} (${r.callbacks.timedOut} / ${r.callbacks.redelivered} / ${r.callbacks.lost})` : '-',
		`${(r.ms / 1000).toFixed(1)} s`,
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
	for (const r of results) {
		const calls = Object.entries(r.apiCalls).map(([action, n]) => `${action} ${n}`).join(', ');
		out.push('', `${r.flow}: API calls ${calls || 'none'}${r.faultsInjected ? `; faults injected ${r.faultsInjected}` : ''}`);
		for (const [code, n] of Object.entries(r.failures)) out.push(`  failed: ${code} ${r.failureMessages[code] ?? ''} × ${n}`.replace(/ {2,}×/, ' ×'));
		if (r.callbacks) out.push(`  callbacks: ${describeCallbacks(r.callbacks)}`);
		for (const note of r.notes) out.push(`  ${note}`);
		for (const problem of r.problems) out.push(`  PROBLEM: ${problem}`);
	}
	return out.join('\n');
}
