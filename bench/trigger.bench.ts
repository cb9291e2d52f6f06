/**
 * Ingest of one 5 000-entry veImageX task callback, JSON and XML: time until the trigger's answer is ready
 * (webhook() through n8n-core's WebhookContext, 5 000 items) and memory, next to n8n's generic handling
 * (the webhook body parser — JSON.parse / xml2js with n8n's options — and the Webhook node's single item).
 *
 * Each case runs in its own child process (this file with `--case <name>`), so heap and RSS figures are not
 * polluted by the other cases: RSS peak = max RSS during the case minus RSS before it (after warm-up + GC);
 * heap = heapUsed right after the case (no GC in between, result still referenced) minus heapUsed before.
 */
import { spawnSync } from 'node:child_process';
import { parseStringPromise } from 'xml2js';

import { callWebhook } from '../test/harness';
import { toXml } from '../test/nodes/trigger/helpers';
import type { BenchOptions, BenchRow } from './types';

const ENTRIES = 5000;
const SECRET = 'bench-secret-0123456789';
const PATH = `/webhook/a1b2c3d4-0000-4000-8000-00000000feed/ai-image-callback?token=${SECRET}`;

/** n8n 2.x webhook body parser options for XML (packages/cli body-parser: xml2js Parser). */
const N8N_XML_OPTIONS = { async: true, normalize: true, normalizeTags: true, explicitArray: false };

type CaseName = 'trigger-json' | 'trigger-xml' | 'trigger-xml+n8n-preparse' | 'baseline-json' | 'baseline-xml';
const CASES: CaseName[] = ['baseline-json', 'trigger-json', 'baseline-xml', 'trigger-xml', 'trigger-xml+n8n-preparse'];

function message(): Record<string, unknown> {
	const entries = [];
	for (let i = 0; i < ENTRIES; i++) {
		entries.push({
			uri: `tos-cn-i-svc/in/photo-${i}.png`,
			input_object_key: `in/photo-${i}.png`,
			entry_id: `67e0102f6de21cf0${String(i).padStart(8, '0')}`,
			status: i % 50 === 0 ? 'Fail' : 'Success',
			ai_result: { output: JSON.stringify({ ObjectKey: `veImageX-store/ai_super_resolution/t/photo-${i}.webp`, Size: 38620 + i, Format: 'webp' }) },
			submit_at: 1742737455,
			start_at: 1742737460,
			end_at: 1742737463,
		});
	}
	return {
		callback_type: 'task',
		callback_args: SECRET,
		queue_id: '67d6bc8633fabc8f36001583',
		task_id: '67e0102f6de21cf05829611c',
		workflow_template_id: 'system_workflow_ai_super_resolution',
		entry_info: entries,
		task_part_info: null,
	};
}

function bodyFor(format: 'json' | 'xml'): { raw: Buffer; contentType: string } {
	const m = message();
	return format === 'json'
		? { raw: Buffer.from(JSON.stringify(m)), contentType: 'application/json' }
		: { raw: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${toXml('callback', m)}`), contentType: 'application/xml' };
}

/** One ingest; returns the number of output items (so the work cannot be optimised away). */
async function makeIngest(name: CaseName, raw: Buffer, contentType: string): Promise<() => Promise<number>> {
	const headers = { 'content-type': contentType, 'content-length': String(raw.length) };
	if (name.startsWith('baseline')) {
		// n8n: body parser (JSON.parse or xml2js) then the Webhook node emits ONE item { headers, params, query, body }.
		return async () => {
			const text = raw.toString('utf8');
			const body = name === 'baseline-json' ? JSON.parse(text) : await parseStringPromise(text, N8N_XML_OPTIONS);
			const items = [{ json: { headers, params: {}, query: { token: SECRET }, body } }];
			return items.length;
		};
	}
	const preparse = name === 'trigger-xml+n8n-preparse';
	return async () => {
		// In a real n8n, the server's body parser runs before any node for XML/JSON content types.
		const body = preparse ? await parseStringPromise(raw.toString('utf8'), N8N_XML_OPTIONS) : {};
		const result = await callWebhook({
			type: 'veImageXAiQueueTrigger',
			parameters: { queueId: '', callbackSecret: SECRET, options: { deduplicate: false } },
			request: { url: PATH, headers, rawBody: raw, body },
		});
		if (result.response.statusCode !== 200) throw new Error(`trigger answered ${result.response.statusCode}`);
		return result.workflowData?.[0].length ?? 0;
	};
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function runCase(name: CaseName, iterations: number): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	const { raw, contentType } = bodyFor(name.includes('json') ? 'json' : 'xml');
	const ingest = await makeIngest(name, raw, contentType);
	// Warm-up: loads the package and JIT-compiles the hot paths before anything is measured.
	await ingest();
	gc();
	gc();
	const rssBefore = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	const started = process.hrtime.bigint();
	const items = await ingest();
	const firstMs = Number(process.hrtime.bigint() - started) / 1e6;
	const heapAfter = process.memoryUsage().heapUsed;
	const maxRss = process.resourceUsage().maxRSS * 1024;
	const times = [firstMs];
	for (let i = 1; i < iterations; i++) {
		gc();
		const t = process.hrtime.bigint();
		await ingest();
		times.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	process.stdout.write(
		JSON.stringify({ name, items, bytes: raw.length, ms: median(times), heapMb: (heapAfter - heapBefore) / 2 ** 20, rssPeakMb: Math.max(0, maxRss - rssBefore) / 2 ** 20 }) + '\n',
	);
}

interface CaseResult { name: CaseName; items: number; bytes: number; ms: number; heapMb: number; rssPeakMb: number }

function spawnCase(name: CaseName, iterations: number): CaseResult {
	const child = spawnSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', __filename, '--case', name, '--iterations', String(iterations)], {
		encoding: 'utf8',
		env: { ...process.env, N8N_USER_FOLDER: process.env.N8N_USER_FOLDER ?? require('node:os').tmpdir() },
		maxBuffer: 16 * 1024 * 1024,
	});
	const line = child.stdout.split('\n').find((l) => l.startsWith('{"name"'));
	if (child.status !== 0 || !line) throw new Error(`case ${name} failed: ${child.stderr.slice(-2000)}`);
	return JSON.parse(line) as CaseResult;
}

export async function run(opts: BenchOptions = {}): Promise<BenchRow[]> {
	const iterations = opts.quick ? 3 : 9;
	const results = new Map<CaseName, CaseResult>();
	for (const name of CASES) results.set(name, spawnCase(name, iterations));
	const rows: BenchRow[] = [];
	const pairs: Array<[CaseName, CaseName, string]> = [
		['trigger-json', 'baseline-json', 'JSON'],
		['trigger-xml', 'baseline-xml', 'XML'],
		['trigger-xml+n8n-preparse', 'baseline-xml', 'XML incl. n8n pre-parse'],
	];
	for (const [ours, base, label] of pairs) {
		const o = results.get(ours)!;
		const b = results.get(base)!;
		const note = `${ENTRIES}-entry task, ${(o.bytes / 2 ** 20).toFixed(2)} MB; ours -> ${o.items} items, baseline -> ${b.items} item`;
		rows.push({ suite: 'trigger', metric: `${label}: time to respond (median of ${iterations})`, value: +o.ms.toFixed(1), unit: 'ms', baseline: +b.ms.toFixed(1), note });
		rows.push({ suite: 'trigger', metric: `${label}: heap growth during ingest`, value: +o.heapMb.toFixed(1), unit: 'MB', baseline: +b.heapMb.toFixed(1) });
		rows.push({ suite: 'trigger', metric: `${label}: peak RSS growth`, value: +o.rssPeakMb.toFixed(1), unit: 'MB', baseline: +b.rssPeakMb.toFixed(1) });
	}
	return rows;
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex !== -1) {
	const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1] ?? 5);
	runCase(process.argv[caseIndex + 1] as CaseName, iterations).catch((error) => {
		process.stderr.write(String((error as Error).stack ?? error));
		process.exit(1);
	});
}
