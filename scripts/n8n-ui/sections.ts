// The parts of the browser check (scripts/test-n8n-ui.ts), each asserting what a user sees in n8n's editor.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeTypeDescription } from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';

import type { Sandbox } from '../../sandbox';
import type { EditorBrowser, ConsoleError } from './browser';
import { canvasNode, closeNode, creatorOpen, creatorSearch, loadPicker, openNode, openWorkflow, type PickerResult } from './editor';
import { RUN_WORKFLOW, type Fixtures } from './fixtures';
import type { Panel } from './panels';

export interface Ui {
	page: Page;
	browser: EditorBrowser;
	baseUrl: string;
	nodes: INodeTypeDescription[];
	fixtures: Fixtures;
	sb: Sandbox;
	check(name: string, ok: boolean, detail: string): boolean;
	/** Screenshots: panels (git-ignored) and the README candidates. */
	shots: string;
	readme: string;
	stats: { panels: number; pickers: number; offlineNoise: number };
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
const isTrigger = (d: INodeTypeDescription) => d.group.includes('trigger');
/** The provider's name as the nodes spell it (what a user searches for). */
const provider = (d: INodeTypeDescription) => (d.displayName.includes('veImageX') ? 'veImageX' : 'VOD');

/** n8n's own requests to the internet (templates, community node info…) fail on this closed network; they are not
 *  the nodes' doing. Everything else logged as an error — loopback requests, uncaught exceptions — counts. */
function ownErrors(ui: Ui, errors: ConsoleError[]): ConsoleError[] {
	const own = errors.filter((e) => !(e.text.startsWith('Failed to load resource') && e.url !== '' && !e.url.startsWith(ui.baseUrl)));
	ui.stats.offlineNoise += errors.length - own.length;
	return own;
}
const describeErrors = (errors: ConsoleError[]) => errors.map((e) => `${e.text.slice(0, 200)} (${e.url})`).join('; ');

/** Loads a picker and names the sandbox calls it made (none: a list the node keeps itself, e.g. system templates). */
async function loadPickerFromSandbox(ui: Ui, ndv: Locator, picker: string): Promise<PickerResult & { calls: Array<{ action: string; code?: string; requestId?: string }> }> {
	const before = ui.sb.requests.length;
	const result = await loadPicker(ndv, picker);
	return { ...result, calls: ui.sb.requests.slice(before).map((r) => ({ action: r.action ?? r.path, code: r.code, requestId: r.requestId })) };
}

async function shot(ui: Ui, folder: string, name: string): Promise<void> {
	mkdirSync(join(ui.shots, folder), { recursive: true });
	await ui.page.screenshot({ path: join(ui.shots, folder, `${slug(name)}.png`) });
}

/** A README screenshot: JPEG (a third of the PNG's size), optionally cut to a region (the canvas is mostly empty). */
async function readmeShot(ui: Ui, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
	mkdirSync(ui.readme, { recursive: true });
	// Let dropdowns and toasts finish their transitions.
	await ui.page.waitForTimeout(600);
	await ui.page.screenshot({ path: join(ui.readme, `${name}.jpg`), type: 'jpeg', quality: 70, clip });
}

/** The region around the canvas's nodes, at least 1200×600 and inside the 1600×1000 viewport. */
async function aroundNodes(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
	const boxes = (await Promise.all((await page.getByTestId('canvas-node').all()).map((node) => node.boundingBox()))).filter((b) => b !== null);
	const left = Math.min(...boxes.map((b) => b.x));
	const right = Math.max(...boxes.map((b) => b.x + b.width));
	const top = Math.min(...boxes.map((b) => b.y));
	const bottom = Math.max(...boxes.map((b) => b.y + b.height));
	const width = Math.min(1600, Math.max(1200, right - left + 400));
	const height = Math.min(1000, Math.max(600, bottom - top + 300));
	const x = Math.max(0, Math.min(1600 - width, (left + right) / 2 - width / 2));
	const y = Math.max(0, Math.min(1000 - height, (top + bottom) / 2 - height / 2));
	return { x, y, width, height };
}

/** Points 1 and 2: what the node creator finds for each term, and the Triggers listed in the node's panel. */
export async function nodeCreator(ui: Ui): Promise<void> {
	const actions = ui.nodes.filter((d) => !isTrigger(d));
	const [veImageX, vod] = ['veImageX', 'VOD'].map((word) => actions.find((d) => provider(d) === word)!.displayName);
	const expected: Record<string, string[]> = {
		veImageX: [veImageX],
		Volcengine: [veImageX],
		VOD: [vod],
		Alibaba: [vod],
		'AI Image': [veImageX, vod],
		callback: [veImageX, vod],
	};
	await ui.page.goto('/workflow/new');
	for (const [term, want] of Object.entries(expected)) {
		const results = await creatorSearch(ui.page, term);
		const ours = results.filter((name) => actions.some((d) => d.displayName === name));
		await shot(ui, 'creator', `search-${term}`);
		ui.check(
			`creator: "${term}"`,
			want.every((name) => ours.includes(name)) && ours.every((name) => want.includes(name)),
			`ours: ${ours.map((name) => `${name} (#${results.indexOf(name) + 1} of ${results.length})`).join(', ') || 'none'}; expected ${want.join(', ')}`,
		);
	}
	// A user who searched the provider's name opens the node: its trigger's events are listed under Triggers. Both
	// ways into the creator: an empty canvas ("What triggers this workflow?") and "+" in a workflow that has one.
	const views = { 'empty canvas': '/workflow/new', 'workflow with a trigger': `/workflow/${RUN_WORKFLOW}` };
	for (const action of actions) {
		const trigger = ui.nodes.find((d) => d.name === `${action.name}Trigger`)!;
		const events = trigger.properties.find((p) => p.type === 'options' && /^Events?$/.test(p.displayName));
		const entries = ((events?.options ?? []) as Array<{ action?: string }>).map((o) => o.action ?? '');
		for (const [view, url] of Object.entries(views)) {
			await ui.page.goto(url);
			await creatorSearch(ui.page, provider(action));
			let text = await creatorOpen(ui.page, action.displayName);
			const section = () => text.match(/Triggers \(\d+\)[\s\S]*?(?=Actions \(\d+\)|Manage|$)/)?.[0] ?? '';
			let how = 'open';
			if (!entries.every((entry) => section().includes(entry))) {
				// With a trigger on the canvas n8n lists Actions first and Triggers collapsed below them: one click.
				await ui.page.getByTestId('node-creator').getByText(/^Triggers \(\d+\)/).first().click();
				await ui.page.waitForTimeout(300);
				text = await ui.page.getByTestId('node-creator').innerText();
				how = 'collapsed below Actions, opened with one click';
			}
			const triggersSection = section();
			await shot(ui, 'creator', `open-${action.displayName}-${view}`);
			ui.check(
				`creator (${view}): "${provider(action)}" → ${action.displayName} lists its trigger under Triggers`,
				entries.length > 0 && entries.every((entry) => triggersSection.includes(entry)),
				`Triggers section (${how}): ${triggersSection.replace(/\s+/g, ' ').trim()}`,
			);
		}
	}
}

/** Every panel of every node opens without a console error; its pickers load from the sandbox (points 3, 4, 7, 8). */
export async function panels(ui: Ui): Promise<void> {
	for (const { id, panels: list } of ui.fixtures.panelWorkflows) {
		await openWorkflow(ui.page, id);
		for (const panel of list) await canvasSubtitle(ui, panel);
		for (const panel of list) await openPanel(ui, id, panel);
	}
}

async function canvasSubtitle(ui: Ui, panel: Panel): Promise<void> {
	if (!panel.subtitle) return;
	const text = await canvasNode(ui.page, panel.name).innerText();
	ui.check(`canvas subtitle: ${panel.name}`, text.split('\n').map((l) => l.trim()).includes(panel.subtitle), `shows ${JSON.stringify(text.replace(/\n+/g, ' / '))}`);
}

async function openPanel(ui: Ui, workflowId: string, panel: Panel): Promise<void> {
	const started = Date.now();
	const problems: string[] = [];
	const ndv = await openNode(ui.page, panel.name);
	ui.stats.panels++;
	/** What the panel showed, for the PASS line. */
	const seen: string[] = [];
	for (const picker of panel.pickers) {
		if ((panel.parameters[picker] as { mode?: string }).mode !== 'list') continue; // set by expression (By ID)
		const result = await loadPickerFromSandbox(ui, ndv, picker);
		ui.stats.pickers++;
		const from = [...new Set(result.calls.map((call) => call.action))].join('+') || 'no call: a fixed list';
		if (result.error || result.items.length === 0) problems.push(`picker ${picker}: ${result.error ?? 'empty list'}`);
		else seen.push(`picker ${picker} [${from}] (${result.items.length}: ${result.items.slice(0, 2).join(', ')}${result.items.length > 2 ? ', …' : ''})`);
		if (picker !== panel.pickers[panel.pickers.length - 1]) await ui.page.keyboard.press('Escape');
	}
	const text = await ndv.innerText();
	const limitHint = text.match(/Fetched in pages of up to \d+/)?.[0];
	if ('limit' in panel.parameters) {
		if (limitHint) seen.push(`Limit ${String(panel.parameters.limit)}, hint "${limitHint}…"`);
		else problems.push('no Limit hint');
	}
	if (isTrigger(panel.description)) {
		// The trigger panel's own text (n8n writes it from the node type, not from the node's name on the canvas).
		const served = text.match(/Pull in events from ([^\n]+)/)?.[1] ?? '';
		if (!served.includes(provider(panel.description))) problems.push(`the trigger panel does not name ${provider(panel.description)}: "${served}"`);
		else seen.push(`"Pull in events from ${served}"`);
	}
	// Point 9: the default expressions, as the panel renders them ({{ $json.X }}, the same form everywhere).
	const expressions = Object.values(panel.parameters)
		.map((value) => (typeof value === 'object' && value !== null && '__rl' in value ? (value as { value: unknown }).value : value))
		.filter((value): value is string => typeof value === 'string' && value.startsWith('={{'))
		.map((value) => value.slice(1));
	const missing = expressions.filter((expression) => !text.includes(expression));
	if (missing.length) problems.push(`expressions not shown: ${missing.join(', ')}`);
	else if (expressions.length) seen.push(`shows ${expressions.join(', ')}`);
	await shot(ui, workflowId, panel.name);
	if (panel.name === 'Task · Create') {
		// The README's panel: with the Service picker open, listing the sandbox's services.
		await ui.page.keyboard.press('Escape');
		await loadPicker(ndv, panel.pickers[0]);
		await readmeShot(ui, 'node-panel');
	}
	if (panel.parameters.callbackType === 'entry') await readmeShot(ui, 'trigger-panel');
	await closeNode(ui.page);
	const errors = ownErrors(ui, ui.browser.errorsSince(started));
	if (errors.length) problems.push(`console: ${describeErrors(errors)}`);
	ui.check(`panel ${panel.nodeType.split('.')[1]} › ${panel.name}`, problems.length === 0, problems.join('; ') || ['opened', ...seen].join('; '));
}

/** Point 5: a picker whose call fails says which list and action failed, the provider's code and what to check. */
export async function pickerErrors(ui: Ui): Promise<void> {
	await openWorkflow(ui.page, 'uiPickerErrors');
	for (const { panel, picker } of ui.fixtures.errorPanels) {
		const ndv = await openNode(ui.page, panel.name);
		const result = await loadPickerFromSandbox(ui, ndv, picker);
		await shot(ui, 'picker-errors', `${panel.name}-${picker}`);
		await closeNode(ui.page);
		const error = result.error ?? '';
		const failedCall = result.calls.find((call) => call.code);
		const name = `picker error: ${panel.nodeType.split('.')[1]} › ${picker}`;
		if (result.calls.length === 0 && result.items.length > 0) {
			// Nothing was asked of the provider, so nothing could fail: the list is the node's own.
			ui.check(name, !result.error, `no provider call (a fixed list of ${result.items.length}), nothing to fail`);
			continue;
		}
		ui.check(
			name,
			!!failedCall &&
				/Could not load the .+: \w+ failed: .+ error \w+:/.test(error) &&
				error.includes(failedCall.code!) &&
				error.includes(failedCall.requestId ?? '-') &&
				/Check /.test(error) &&
				!error.includes('a-wrong-secret'),
			`sandbox answered ${failedCall ? `${failedCall.action} ${failedCall.code} (RequestId ${failedCall.requestId})` : 'no error'}; picker shows: ${error.slice(0, 400) || `items ${result.items.join(', ')}`}`,
		);
	}
}

/** Point 6: the credential modal's test, as it runs when a saved credential is opened. */
export async function credentialModal(ui: Ui): Promise<void> {
	for (const credential of ui.fixtures.credentials) {
		await ui.page.goto(`/home/credentials/${credential.id}`);
		const modal = ui.page.getByTestId('editCredential-modal');
		const ok = modal.getByText('Connection tested successfully');
		const failed = modal.getByText('Couldn’t connect with these settings');
		await ok.or(failed).first().waitFor({ timeout: 30_000 });
		let shown = (await ok.isVisible()) ? 'Connection tested successfully' : 'Couldn’t connect with these settings';
		if (await failed.isVisible()) {
			await modal.getByText('More details').click();
			const details = modal.getByText(/error \w+:/).first();
			await details.waitFor({ timeout: 10_000 });
			shown += ` | More details: ${(await details.innerText()).replace(/\s+/g, ' ')}`;
		}
		await shot(ui, 'credentials', credential.name);
		const pass = credential.good
			? shown === 'Connection tested successfully'
			: shown.includes('SignatureDoesNotMatch') && shown.includes('RequestId') && shown.includes('Check the') && !shown.includes('a-wrong-secret');
		ui.check(`credential modal: ${credential.name}`, pass, shown.slice(0, 420));
		await ui.page.keyboard.press('Escape');
	}
}

/** One execution started from the editor: pick the template in the panel, Execute workflow, read the output. */
export async function execution(ui: Ui): Promise<void> {
	const wf = ui.fixtures.runWorkflow;
	const node = wf.nodes.find((n) => n.type.endsWith('.aliyunVodAiImage'))!;
	const inputs = Object.values(wf.pinData ?? {})[0]?.length ?? 0;
	await openWorkflow(ui.page, RUN_WORKFLOW);
	const ndv = await openNode(ui.page, node.name);
	const picked = await loadPicker(ndv, 'aiTemplateId');
	await ndv.getByTestId('resource-locator-aiTemplateId').getByTestId('rlc-item').first().click();
	await closeNode(ui.page);
	const started = Date.now();
	await ui.page.getByTestId('execute-workflow-button').click();
	await ui.page.getByText('Workflow executed successfully').or(ui.page.getByText(/Problem in node|Workflow execution had an error/)).first().waitFor({ timeout: 120_000 });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	await readmeShot(ui, 'canvas', await aroundNodes(ui.page));
	const out = (await openNode(ui.page, node.name)).getByTestId('output-panel');
	const text = (await out.innerText()).replace(/\s+/g, ' ');
	await shot(ui, 'execution', node.name);
	await closeNode(ui.page);
	ui.check(
		'execution from the editor',
		text.includes(`${inputs} items`) && /image_0 File Name: \S+\.(gif|png|jpg|webp)/.test(text),
		`template picked from ${picked.items.length} listed (${picked.items[0] ?? '-'}); ran in ${seconds} s; output panel: ${text.slice(0, 160)}…`,
	);
}

/** Light and dark theme: the canvas shows each node's own icon for the theme. */
export async function themes(ui: Ui): Promise<void> {
	for (const [scheme, id] of (['dark', 'light'] as const).flatMap((s) => ui.fixtures.panelWorkflows.map((w) => [s, w.id] as const))) {
		await ui.page.emulateMedia({ colorScheme: scheme });
		await openWorkflow(ui.page, id);
		const sources = await ui.page.locator('[data-test-id="canvas-node"] img').evaluateAll((images) => images.map((image) => image.getAttribute('src') ?? ''));
		const ours = [...new Set(sources.filter((src) => src.includes('/icons/')))];
		await shot(ui, 'themes', `${scheme}-${id}`);
		const dark = ours.filter((src) => src.endsWith('.dark.svg'));
		ui.check(`${scheme} theme icons (${id})`, ours.length > 0 && (scheme === 'dark' ? dark.length === ours.length : dark.length === 0), ours.map((src) => src.split('/').pop()).join(', '));
	}
}
