/**
 * Runs `worker` over `values` with at most `limit` calls in flight, keeping results in input order.
 * Pacing (pacing.ts) decides the request rate; this only keeps enough requests open that network latency
 * does not leave quota unused. Once `shouldStop()` is true no new work starts (e.g. a failure without
 * "Continue On Fail": the node will throw, so submitting the rest would only create orphan jobs).
 */
export async function mapConcurrent<T, R>(
	values: T[],
	limit: number,
	worker: (value: T, index: number) => Promise<R>,
	shouldStop: () => boolean = () => false,
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array(values.length);
	let next = 0;
	async function lane(): Promise<void> {
		while (next < values.length && !shouldStop()) {
			const index = next++;
			results[index] = await worker(values[index], index);
		}
	}
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, values.length)) }, async () => await lane()));
	return results;
}
