// `npm start`: the whole product end to end, offline. Builds the package, starts the sandbox in-process and runs
// the example workflows (examples/*.json) on n8n's execution engine with the BUILT package (test/harness), then
// prints a summary. Exit code 0 only if every flow produced what it should.
import './env';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startSandbox, type FaultConfig, type QuotaLimits } from '../sandbox';
import { parseArgs, type FlowName } from './args';
import { sandboxCredentials } from './examples';
import type { FlowContext } from './flows/common';
import { runVeImageXFlow } from './flows/veimagex';
import { runVodCallbackFlow, runVodWaitFlow } from './flows/vod';
import { renderSummary, type FlowResult } from './report';

const DEFAULT_ITEMS: Record<FlowName, number> = { veimagex: 50, vod: 20, 'vod-wait': 20 };
const RUNNERS: Record<FlowName, (ctx: FlowContext) => Promise<FlowResult>> = {
	veimagex: runVeImageXFlow,
	vod: runVodCallbackFlow,
	'vod-wait': runVodWaitFlow,
};

/** Faults a user can watch being absorbed: reads fail with 5xx now and then (retried), quotas are lowered below
 *  what the nodes pace to (429 + back-off), every answer is a little slow, some callbacks arrive twice
 *  (de-duplicated). Submits get no 5xx: a non-idempotent submit is rightly never retried after one. */
const DEMO_FAULTS: FaultConfig = {
	veimagex: {
		GetImageAIProcessQueues: { http5xxRate: 0.25 },
		GetImageAITasks: { http5xxRate: 0.25 },
		GetImageAIDetails: { http5xxRate: 0.25 },
		'*': { latencyMs: 30 },
		callback: { duplicateRate: 0.1 },
	},
	vod: {
		GetAIImageJobs: { http5xxRate: 0.25, latencyMs: 30 },
		ListAITemplate: { http5xxRate: 0.25 },
		'*': { latencyMs: 30 },
		callback: { duplicateRate: 0.1 },
	},
};
/** VOD documents 30/s for both and the nodes pace to that: 20/s still makes them meet 429 and back off all the time.
 *  (At 8/s, 300 submits cannot fit the nodes' retry budget: the submit workflow stops with Throttling.User.) */
const DEMO_QUOTAS: QuotaLimits = { vod: { SubmitAIImageJob: 20, GetAIImageJobs: 20 } };

/** The harness loads dist/: build it (after the arguments were checked, so `--help` answers at once). */
function build(): void {
	process.stdout.write('Building the package (npm run build)…\n');
	const run = spawnSync('npm', ['run', 'build'], { cwd: resolve(__dirname, '..'), encoding: 'utf8', shell: process.platform === 'win32' });
	if (run.status !== 0) {
		process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}\nnpm start: the build failed (above); nothing was run.\n`);
		process.exit(1);
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	build();
	const sb = await startSandbox({
		port: 0,
		speed: 'fast',
		quotas: true,
		failureRate: args.failureRate,
		...(args.faults ? { faults: DEMO_FAULTS, quotaLimits: DEMO_QUOTAS } : {}),
	});
	console.log(`Sandbox (veImageX + VOD emulator) on ${sb.url}${args.faults ? ' with faults on' : ''}`);
	const results: FlowResult[] = [];
	try {
		for (const flow of args.flows) {
			console.log(`\n▶ ${flow}`);
			const ctx: FlowContext = {
				sb,
				credentials: sandboxCredentials(sb),
				items: args.items ?? DEFAULT_ITEMS[flow],
				timeoutMs: args.timeoutMs,
			};
			results.push(await RUNNERS[flow](ctx));
		}
	} finally {
		await sb.stop();
	}
	console.log(`\n${renderSummary(results)}\n`);
	const ok = results.every((r) => r.ok);
	console.log(ok ? 'All flows produced what they should.' : 'Some flows did NOT produce what they should (see PROBLEM lines).');
	process.exit(ok ? 0 : 1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
