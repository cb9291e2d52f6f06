// What one demo flow did, and how it is printed: progress lines while running, one summary table at the end.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';

export interface FlowResult {
	flow: string;
	itemsIn: number;
	itemsOut: number;
	/** Provider error code -> number of items that failed with it. */
	failures: Record<string, number>;
	/** Requests that reached the sandbox during the flow, by action. */
	apiCalls: Record<string, number>;
	throttled: number;
	faultsInjected: number;
	ms: number;
	ok: boolean;
	/** Why the flow is not ok (empty when ok), or notes worth reading. */
	problems: string[];
	/** Extra figures shown under the table (e.g. binary files downloaded). */
	notes: string[];
}

/** Tests running the flows switch progress lines off. */
export const progressOutput = { enabled: true };

export function progress(flow: string, message: string): void {
	if (progressOutput.enabled) process.stdout.write(`  [${flow}] ${message}\n`);
}

/** Counts the sandbox request log from `from` on (one flow's calls). */
export function apiCallsSince(sb: Sandbox, from: number): Pick<FlowResult, 'apiCalls' | 'throttled' | 'faultsInjected'> {
	const apiCalls: Record<string, number> = {};
	let throttled = 0;
	let faultsInjected = 0;
	for (const entry of sb.requests.slice(from)) {
		const key = `${entry.provider}:${entry.action}`;
		apiCalls[key] = (apiCalls[key] ?? 0) + 1;
		if (entry.throttled) throttled++;
		if (entry.fault) faultsInjected++;
	}
	return { apiCalls, throttled, faultsInjected };
}

/** The provider error code an output item carries, if it is a failure (veImageX entry, VOD job, error item). */
export function failureCode(item: INodeExecutionData): string | undefined {
	const json = item.json;
	if (item.error || json.error) {
		const error = (item.error ?? json.error) as IDataObject & { context?: IDataObject; httpCode?: string };
		return String(error.context?.code ?? error.httpCode ?? (error as IDataObject).code ?? 'error');
	}
	const status = String(json.status ?? json.Status ?? '').toLowerCase();
	if (!['fail', 'failed', 'failure', 'error'].includes(status)) return undefined;
	return String(findCode(json) ?? status);
}

function findCode(value: unknown, depth = 0): unknown {
	if (depth > 3 || !value || typeof value !== 'object') return undefined;
	for (const [key, inner] of Object.entries(value as IDataObject)) {
		if (/^(err_?code|errcode|code)$/i.test(key) && inner !== '' && inner !== null && inner !== undefined && inner !== 0 && inner !== '0') {
			return inner;
		}
	}
	for (const inner of Object.values(value as IDataObject)) {
		const found = findCode(inner, depth + 1);
		if (found !== undefined) return found;
	}
	return undefined;
}

export function countFailures(items: INodeExecutionData[]): Record<string, number> {
	const failures: Record<string, number> = {};
	for (const item of items) {
		const code = failureCode(item);
		if (code !== undefined) failures[code] = (failures[code] ?? 0) + 1;
	}
	return failures;
}

export function renderSummary(results: FlowResult[]): string {
	const header = ['Flow', 'Result', 'Items in', 'Items out', 'Failures (provider code × n)', 'API calls', 'Throttled', 'Time'];
	const rows = results.map((r) => [
		r.flow,
		r.ok ? 'OK' : 'FAILED',
		String(r.itemsIn),
		String(r.itemsOut),
		Object.entries(r.failures).map(([code, n]) => `${code} × ${n}`).join(', ') || '-',
		String(Object.values(r.apiCalls).reduce((a, b) => a + b, 0)),
		String(r.throttled),
		`${(r.ms / 1000).toFixed(1)} s`,
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
	for (const r of results) {
		const calls = Object.entries(r.apiCalls).map(([action, n]) => `${action} ${n}`).join(', ');
		out.push('', `${r.flow}: API calls ${calls || 'none'}${r.faultsInjected ? `; faults injected ${r.faultsInjected}` : ''}`);
		for (const note of r.notes) out.push(`  ${note}`);
		for (const problem of r.problems) out.push(`  PROBLEM: ${problem}`);
	}
	return out.join('\n');
}
