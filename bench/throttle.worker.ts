// One "n8n queue-mode worker" for bench/throttle.bench.ts: its own process, so its own pacing schedule. Loads the
// harness, says "ready", waits for "go" on stdin (all workers start together), runs the node once and prints
// one JSON line: output item count, error items by code, start/end times.
import '../test/setup-env';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode, type CredentialFixtures } from '../test/harness';

export interface WorkerInput {
	type: string;
	parameters: INodeParameters;
	input: IDataObject[];
	credentials: CredentialFixtures;
	/** Parameters that fail validation for an empty item, so the warm-up run sends nothing. */
	warmUpParameters: INodeParameters;
}

export interface WorkerResult {
	items: number;
	/** Error code (e.g. FlowLimitExceeded) -> error items with it. */
	errors: Record<string, number>;
	executionError?: string;
	startedAt: number;
	endedAt: number;
}

function errorCode(json: IDataObject): string {
	const text = String(json.error ?? '');
	return /error ([A-Za-z.]+):/.exec(text)?.[1] ?? (text.split(':')[0] || 'unknown');
}

async function main(): Promise<void> {
	const job = JSON.parse(process.env.THROTTLE_BENCH_INPUT ?? '{}') as WorkerInput;
	// Warm up before the common start (not part of the measured contention): module loading, the package, n8n-core.
	await runNode({ type: job.type, parameters: job.warmUpParameters, input: [{}], credentials: job.credentials, continueOnFail: true });
	process.stdout.write('ready\n');
	await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
	const startedAt = Date.now();
	const { items, error } = await runNode({ type: job.type, parameters: job.parameters, input: job.input, credentials: job.credentials, continueOnFail: true });
	const errors: Record<string, number> = {};
	for (const item of items) {
		if (item.json.error === undefined) continue;
		const code = errorCode(item.json);
		errors[code] = (errors[code] ?? 0) + 1;
	}
	const result: WorkerResult = { items: items.length, errors, executionError: error?.message, startedAt, endedAt: Date.now() };
	process.stdout.write(`${JSON.stringify(result)}\n`);
	process.stdin.destroy();
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ items: 0, errors: { crash: 1 }, executionError: String(error), startedAt: 0, endedAt: 0 })}\n`);
	process.exit(1);
});
