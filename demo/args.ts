// `npm start -- [--flow veimagex|vod|vod-wait] [--items N] [--faults] [--failure-rate R] [--timeout S]`
export const FLOWS = ['veimagex', 'vod', 'vod-wait'] as const;
export type FlowName = (typeof FLOWS)[number];

export interface DemoArgs {
	flows: FlowName[];
	/** Items per flow; default: 50 images for veImageX, 20 videos for the VOD flows. */
	items?: number;
	faults: boolean;
	failureRate: number;
	timeoutMs: number;
}

export function parseArgs(argv: string[]): DemoArgs {
	const args: DemoArgs = { flows: [...FLOWS], faults: false, failureRate: 0, timeoutMs: 120_000 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--flow': {
				const names = value().split(',');
				for (const name of names) if (!FLOWS.includes(name as FlowName)) usage(`unknown flow "${name}"`);
				args.flows = names as FlowName[];
				break;
			}
			case '--items':
				args.items = positiveInt(value(), '--items');
				break;
			case '--faults':
				args.faults = true;
				break;
			case '--failure-rate': {
				const rate = Number(value());
				if (!(rate >= 0 && rate <= 1)) usage('--failure-rate takes a number between 0 and 1');
				args.failureRate = rate;
				break;
			}
			case '--timeout':
				args.timeoutMs = positiveInt(value(), '--timeout') * 1000;
				break;
			case '--help':
			case '-h':
				usage();
				break;
			default:
				usage(`unknown argument "${argv[i]}"`);
		}
	}
	return args;
}

function positiveInt(text: string, flag: string): number {
	const n = Number(text);
	if (!Number.isInteger(n) || n < 1) usage(`${flag} takes a positive whole number`);
	return n;
}

function usage(problem?: string): never {
	if (problem) console.error(`npm start: ${problem}`);
	console.error(
		[
			'Usage: npm start -- [options]',
			`  --flow NAME[,NAME]   run only these flows: ${FLOWS.join(', ')} (default: all)`,
			'  --items N            input items per flow (default: 50 images, 20 videos)',
			'  --faults             sandbox 5xx on reads, throttling (lowered quotas), latency and duplicate callbacks',
			'  --failure-rate R     share (0..1) of images/jobs the sandbox fails with real provider error codes',
			'  --timeout S          seconds to wait for callbacks/results per flow (default 120)',
			'',
			'Environment: N8N_LOG_LEVEL=info shows n8n\'s own log lines (default: silent; the summary reports problems).',
		].join('\n'),
	);
	process.exit(problem ? 2 : 0);
}
