/** The contract for a refused input: the run stops with a field-named NodeOperationError before any request. */
import type { RunNodeResult } from '../harness';

export interface Refusal {
	/** Runs the node on the two bad items, with or without Continue On Fail. */
	run: (continueOnFail: boolean) => Promise<RunNodeResult>;
	/** Requests the provider emulator has received so far. */
	requests: () => number;
	/** The expected message, for item 0 (`(item 0)` in it is replaced per item). */
	message: RegExp;
	/** A setting of the whole run (read at item 0): every item's error names item 0. */
	runWide?: boolean;
}

export async function expectRefusedBeforeSending({ run, requests, message, runWide }: Refusal): Promise<void> {
	const before = requests();
	const stopped = await run(false);
	expect(stopped.error?.name).toBe('NodeOperationError');
	expect(stopped.error?.message).toMatch(message);
	expect(String(stopped.error?.description ?? '')).not.toBe('');

	const cont = await run(true);
	// The message only: printing a whole n8n error (node, workflow) on failure can take minutes.
	expect(cont.error?.message).toBeUndefined();
	expect(cont.items).toHaveLength(2);
	cont.items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		// Each item's own error, naming its own item — never the input passed through.
		const own = runWide ? message : new RegExp(message.source.replace('\\(item 0\\)', `\\(item ${index}\\)`));
		expect(String(item.json.error)).toMatch(own);
	});
	expect(requests()).toBe(before);
}
