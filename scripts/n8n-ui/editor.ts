// The few editor interactions the browser check needs, with n8n 2.41's own test ids (data-test-id; see
// selectors.setTestIdAttribute in test-n8n-ui.ts): canvas, node details view (NDV), pickers, node creator.
import type { Locator, Page } from 'playwright-core';

const PICKER_TIMEOUT_MS = 30_000;

export async function openWorkflow(page: Page, id: string): Promise<void> {
	await page.goto(`/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: 60_000 });
}

export const canvasNode = (page: Page, name: string): Locator => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** Opens a node's panel the way a user does: double-click on the canvas. */
export async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor({ timeout: 30_000 });
	// The parameters are rendered after the panel's frame; the Credential row is the first of them.
	await ndv.getByTestId('node-credentials-select').first().waitFor({ timeout: 30_000 });
	return ndv;
}

export async function closeNode(page: Page): Promise<void> {
	const ndv = page.getByTestId('ndv');
	for (let attempt = 0; attempt < 3 && (await ndv.isVisible()); attempt++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
	// A picker's error box keeps the focus and swallows Escape: then the panel's own close button.
	if (await ndv.isVisible()) await page.getByTestId('ndv-close-button').click();
	await ndv.waitFor({ state: 'hidden', timeout: 10_000 });
}

export interface PickerResult {
	items: string[];
	error?: string;
}

/**
 * Opens a picker's "From List" dropdown and waits for what the list search answered: items, or n8n's error box.
 * The dropdown is left open (for the panel's screenshot); Escape closes it.
 */
export async function loadPicker(ndv: Locator, name: string): Promise<PickerResult> {
	const picker = ndv.getByTestId(`resource-locator-${name}`);
	await picker.getByTestId('rlc-input').click();
	const item = picker.getByTestId('rlc-item').first();
	const error = picker.getByTestId('rlc-error-container');
	await item.or(error).first().waitFor({ timeout: PICKER_TIMEOUT_MS });
	if (await error.isVisible()) return { items: [], error: (await error.innerText()).replace(/\s+/g, ' ').trim() };
	return { items: (await picker.getByTestId('rlc-item').allInnerTexts()).map((text) => text.trim()) };
}

/** The node creator's result names for a search, as listed (first line of each entry). */
export async function creatorSearch(page: Page, term: string): Promise<string[]> {
	const creator = page.getByTestId('node-creator');
	if (!(await creator.isVisible())) await page.getByTestId('node-creator-plus-button').click();
	await creator.getByTestId('node-creator-search-bar').fill(term);
	// Results are filtered on input without a request; wait for the list to settle on this term.
	let previous = '';
	for (let i = 0; i < 20; i++) {
		await page.waitForTimeout(250);
		const now = (await creator.getByTestId('item-iterator-item').allInnerTexts()).join('\n');
		if (now === previous && now !== '') break;
		previous = now;
	}
	return (await creator.getByTestId('item-iterator-item').allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

/** Opens one search result and returns the panel's text: its Triggers and Actions sections. */
export async function creatorOpen(page: Page, name: string): Promise<string> {
	const creator = page.getByTestId('node-creator');
	await creator.getByTestId('item-iterator-item').filter({ hasText: name }).first().click();
	await creator.getByText(/^Triggers \(\d+\)/).first().waitFor({ timeout: 15_000 });
	return await creator.innerText();
}
