/** One line of the benchmark table (`npm run bench`). Every `bench/*.bench.ts` returns a list of these. */
export type BenchRow = {
	/** Which benchmark file / area, e.g. 'signing', 'veimagex', 'vod', 'trigger'. */
	suite: string;
	metric: string;
	value: number | string;
	unit?: string;
	/** The figure this one is compared with (official signer, quota limit, generic n8n baseline…). */
	baseline?: number | string;
	note?: string;
};

export type BenchOptions = { quick?: boolean };

/** The contract of a `bench/<name>.bench.ts` module. */
export type BenchModule = { run(opts?: BenchOptions): Promise<BenchRow[]> };
