// What the queue-mode scenarios (scripts/queue-quota-scenarios.ts, queue-callback-scenarios.ts) share: the run
// context, the figures each scenario reports, starting executions through the webhook processor, waiting for them
// in Postgres, the proof that workers ran them, and re-delivering callbacks to main.
import { execFileSync } from 'node:child_process';
import type { IDataObject } from 'n8n-workflow';

import type { CallbackLogEntry, RequestLogEntry, Sandbox } from '../sandbox';
import { waitUntil, type Checks } from './n8n-app';
import type { QueueCluster } from './queue-cluster';

export interface QueueContext {
	sb: Sandbox;
	cluster: QueueCluster;
	check: Checks['check'];
	/** 1 = the issue's sizes; N8N_QUEUE_SCALE=0.1 for a short first run. */
	scale: number;
	authKey: string;
}

/** One row of bench/QUEUE-MODE.md. */
export interface Figures {
	scenario: string;
	itemsIn: number;
	itemsOut: number;
	duplicateSubmits: number;
	lostItems: number;
	throttled: string;
	throughput: string;
	duplicateExecutions: string;
	seconds: number;
	/** How the executions were proven to run on workers, and anything else measured. */
	notes: string[];
}

export interface StoredExecution {
	id: number;
	workflowId: string;
	mode: string;
	status: string;
	waitTill: string | null;
	itemsPerNode: Record<string, number>;
	outputs: Record<string, IDataObject[][]>;
	error?: string;
}

/** The workflows' static data as stored in Postgres (psql, Debian's client). */
export function storedStaticData(ctx: QueueContext, workflowIds: string[]): Record<string, IDataObject> {
	const pg = ctx.cluster.postgres!;
	const sql = `SELECT id || chr(9) || coalesce("staticData"::text, '{}') FROM workflow_entity WHERE id IN (${workflowIds.map((id) => `'${id}'`).join(',')})`;
	const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.user, '-d', pg.database, '-Atc', sql]).toString();
	return Object.fromEntries(out.trim().split('\n').filter(Boolean).map((line) => [line.split('\t')[0], JSON.parse(line.split('\t')[1]) as IDataObject]));
}

export const scaled = (ctx: QueueContext, n: number, min: number): number => Math.max(min, Math.round(n * ctx.scale));

/** Starts one execution: POST to the production webhook on the webhook processor. */
export async function startExecution(ctx: QueueContext, path: string, body: IDataObject): Promise<number> {
	const res = await fetch(`${ctx.cluster.webhookUrl}webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	await res.text();
	return res.status;
}

/** Starts one execution per body at once on the webhook processor and waits for all of them in Postgres. */
export async function runConcurrently(ctx: QueueContext, label: string, path: string, workflowId: string, bodies: IDataObject[], timeoutMs: number) {
	const from = ctx.sb.requests.length;
	const t0 = Date.now();
	const answers = await Promise.all(bodies.map((body) => startExecution(ctx, path, body)));
	ctx.check(`${label}: executions started on the webhook processor`, answers.every((s) => s === 200), `${bodies.length} × POST /webhook/${path} → ${tally(answers.map(String))}`);
	const list = await waitForFinished(ctx, [workflowId], bodies.length, timeoutMs);
	return { list, seconds: (Date.now() - t0) / 1000, requests: ctx.sb.requests.slice(from) };
}

export const executions = (ctx: QueueContext, workflowIds: string[]): Promise<StoredExecution[]> => ctx.cluster.main.app.executions<StoredExecution>(workflowIds);
const finished = (e: StoredExecution) => !['new', 'running', 'waiting'].includes(e.status);

/** Polls Postgres until `count` executions of the workflows have finished (or `timeoutMs`); returns them all. */
export async function waitForFinished(ctx: QueueContext, workflowIds: string[], count: number, timeoutMs: number): Promise<StoredExecution[]> {
	let list: StoredExecution[] = [];
	await waitUntil(async () => {
		list = await executions(ctx, workflowIds);
		return list.filter(finished).length >= count;
	}, timeoutMs, 3000);
	return list;
}

export function tally(values: string[]): string {
	const counts: Record<string, number> = {};
	for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
	return Object.entries(counts).map(([k, n]) => `${k}×${n}`).join(', ') || 'none';
}

/** Accepted calls per second between the first and the last one, as a share of the quota. */
export function throughput(accepted: RequestLogEntry[], quota: number): { share: number; text: string } {
	const times = accepted.map((r) => r.at).sort((a, b) => a - b);
	if (times.length < 2) return { share: Number.NaN, text: `n/a (${times.length} call)` };
	const rate = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
	const share = (100 * rate) / quota;
	return { share, text: `${share.toFixed(1)} % (${rate.toFixed(2)}/s of ${quota}/s, ${times.length} calls in ${((times[times.length - 1] - times[0]) / 1000).toFixed(1)} s)` };
}

export function throttledByAction(requests: RequestLogEntry[]): string {
	const throttled = requests.filter((r) => r.throttled).map((r) => r.action ?? '?');
	return throttled.length === 0 ? '0' : `${throttled.length} (${tally(throttled)})`;
}

/**
 * Proof that workers ran the executions: each id is in a worker's "Worker started execution <id>" log line (n8n
 * scaling/job-processor) as often as it ran, and in the "Enqueued execution <id>" line (scaling.service) of the
 * process that received the call (main or webhook processor), which hands it to Redis instead of running it.
 * `runsEach` = runs per execution (2 for a waiting execution: before the wait and after the resume).
 */
export function workerProof(ctx: QueueContext, ids: number[], runsEach = 1): { ok: boolean; text: string } {
	const started = /Worker started execution (\d+)/;
	const perWorker = ctx.cluster.workerProcesses.map((p) => ({ label: p.label, ids: ctx.cluster.executionIdsIn(p, started) }));
	const runs = (id: number) => perWorker.reduce((n, w) => n + w.ids.filter((x) => x === id).length, 0);
	const notOnWorkers = ids.filter((id) => runs(id) !== runsEach);
	const enqueuedBy = [ctx.cluster.main, ctx.cluster.webhook].map((p) => ({ label: p.label, ids: new Set(ctx.cluster.executionIdsIn(p, /Enqueued execution (\d+)/)) }));
	const inProcess = [ctx.cluster.main, ctx.cluster.webhook].flatMap((p) => ctx.cluster.executionIdsIn(p, started)).filter((id) => ids.includes(id));
	const share = perWorker.map((w) => `${w.label} ${w.ids.filter((id) => ids.includes(id)).length}`).join(', ');
	const enqueued = enqueuedBy.map((e) => `${e.label} ${ids.filter((id) => e.ids.has(id)).length}`).join(', ');
	const notEnqueued = ids.filter((id) => !enqueuedBy.some((e) => e.ids.has(id)));
	return {
		ok: ids.length > 0 && notOnWorkers.length === 0 && inProcess.length === 0 && notEnqueued.length === 0,
		text: `${ids.length} execution(s), runs started on workers: ${share} (${runsEach} per execution expected${notOnWorkers.length ? `; ids not as expected: ${notOnWorkers.slice(0, 5).join(',')}` : ''}); enqueued by: ${enqueued}`,
	};
}

/**
 * Sends every callback the sandbox delivered to the webhook processor a second time, to main (same path and
 * query, body and headers), once the first delivery was answered: a provider's redelivery reaching another n8n
 * process.
 */
export class Redeliverer {
	readonly answers: number[] = [];
	private seen = 0;
	private pending: CallbackLogEntry[] = [];
	private inFlight = 0;
	private timer?: NodeJS.Timeout;

	constructor(
		private readonly ctx: QueueContext,
		private readonly pathPart: string,
	) {}

	start(): void {
		this.seen = this.ctx.sb.callbacks.length;
		this.timer = setInterval(() => this.pump(), 200);
	}

	private pump(): void {
		const { sb, cluster } = this.ctx;
		for (; this.seen < sb.callbacks.length; this.seen++) {
			const cb = sb.callbacks[this.seen];
			if (cb.url.startsWith(cluster.webhookUrl) && cb.url.includes(this.pathPart)) this.pending.push(cb);
		}
		// The sandbox logs an attempt before sending it; its status (or error) is set once answered.
		const answered = this.pending.filter((cb) => cb.status !== undefined || cb.error !== undefined);
		this.pending = this.pending.filter((cb) => !answered.includes(cb));
		for (const cb of answered) {
			const headers = Object.fromEntries(Object.entries(cb.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k.toLowerCase())));
			this.inFlight++;
			fetch(cluster.mainUrl + cb.url.slice(cluster.webhookUrl.length), { method: 'POST', headers, body: cb.body, signal: AbortSignal.timeout(30_000) })
				.then(async (res) => {
					await res.text();
					this.answers.push(res.status);
				})
				.catch(() => this.answers.push(0))
				.finally(() => this.inFlight--);
		}
	}

	/** Waits until every matching callback logged so far was answered, re-delivered and answered again; stops. */
	async drain(timeoutMs: number): Promise<void> {
		await waitUntil(() => {
			this.pump();
			return this.seen >= this.ctx.sb.callbacks.length && this.pending.length === 0 && this.inFlight === 0;
		}, timeoutMs, 250);
		this.stop();
	}

	stop(): void {
		clearInterval(this.timer);
	}
}
