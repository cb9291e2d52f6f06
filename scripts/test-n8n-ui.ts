// `npm run test:n8n -- --ui`: the editor as a user meets it (issue 17), checked in a real browser. The REAL n8n app
// 2.41.1 (scripts/n8n-app-install.sh) with the built package installed as a community package, the sandbox as the
// cloud, Debian's chromium driven by playwright-core. Asserts the node creator's results, every resource × operation
// panel of every node (no console error, pickers load from the sandbox), the pickers' and the credential modal's
// error messages, and one execution started from the editor. Screenshots of every panel go to .cache/n8n-ui/
// (git-ignored); `--update-docs` also copies the README's screenshots to docs/images/. By hand only: never in
// `npm test` or CI. Stops everything it started (n8n, sandbox, chromium), also on failure.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { selectors } from 'playwright-core';

import { startSandbox, type Sandbox } from '../sandbox';
import { Checks, freePort, N8nInstance, ROOT } from './n8n-app';
import { EditorBrowser } from './n8n-ui/browser';
import { importFixtures } from './n8n-ui/fixtures';
import { builtNodes } from './n8n-ui/panels';
import { credentialModal, execution, nodeCreator, panels, pickerErrors, themes, type Ui } from './n8n-ui/sections';
import { newOwner, setUpOwner, signIn } from './n8n-ui/session';

const OUT = join(ROOT, '.cache', 'n8n-ui');
const DOCS_IMAGES = join(ROOT, 'docs', 'images');

async function main(): Promise<void> {
	const started = Date.now();
	const checks = new Checks();
	const app = new N8nInstance();
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(OUT, { recursive: true });
	app.userFolder = mkdtempSync(join(ROOT, '.cache', 'n8n-ui-e2e-'));
	app.port = await freePort();
	app.brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${app.port}`;
	// The editor would otherwise open with the owner's personalization survey over the canvas.
	process.env.N8N_PERSONALIZATION_ENABLED = 'false';
	console.log(`[test:n8n:ui] n8n user folder ${app.userFolder}, port ${app.port}; screenshots in ${OUT}`);
	app.installPackage();
	const nodes = builtNodes();

	let sb: Sandbox | undefined;
	let server: ChildProcess | undefined;
	const browser = new EditorBrowser(baseUrl, join(ROOT, '.cache'));
	const stats = { panels: 0, pickers: 0, offlineNoise: 0 };
	try {
		sb = await startSandbox({ port: 0, speed: 'fast' });
		const fixtures = await importFixtures(app, sb, nodes);
		server = await app.start(180_000);
		const owner = newOwner();
		await setUpOwner(baseUrl, owner);
		// n8n's editor marks its elements with data-test-id (playwright's getByTestId reads data-testid by default).
		selectors.setTestIdAttribute('data-test-id');
		const page = await browser.open('light');
		await signIn(page, owner);
		checks.check('sign in', true, `owner set up over REST, signed in through the form; editor at ${page.url()}`);

		const ui: Ui = { page, browser, baseUrl, nodes, fixtures, sb, check: checks.check.bind(checks), shots: OUT, readme: join(OUT, 'readme'), stats };
		for (const [name, section] of Object.entries({ nodeCreator, panels, pickerErrors, credentialModal, execution, themes })) {
			try {
				await section(ui);
			} catch (error) {
				await page.screenshot({ path: join(OUT, `failed-${name}.png`) }).catch(() => undefined);
				checks.check(name, false, (error as Error).message.split('\n')[0]);
			}
		}
		if (process.argv.includes('--update-docs')) {
			mkdirSync(DOCS_IMAGES, { recursive: true });
			for (const file of readdirSync(ui.readme)) copyFileSync(join(ui.readme, file), join(DOCS_IMAGES, file));
			console.log(`[test:n8n:ui] README screenshots copied to ${DOCS_IMAGES}`);
		}
	} catch (error) {
		checks.check('run', false, (error as Error).message);
	} finally {
		await browser.close();
		if (server) await app.stop(server);
		await sb?.stop();
	}
	// Nothing this run started may outlive it: n8n (and its task runner) gone from the port, chromium exited.
	const n8nAnswers = await fetch(`${baseUrl}/healthz`).then(
		() => true,
		() => false,
	);
	checks.check('stopped what it started', !n8nAnswers && browser.exited(), `n8n port ${app.port} ${n8nAnswers ? 'still answers' : 'closed'}; chromium ${browser.exited() ? 'exited' : 'still running'}; sandbox stopped`);
	const failed = checks.list.filter((c) => !c.ok);
	if (failed.length > 0 && app.serverLog.length > 0) console.log(`\n--- last lines of n8n start ---\n${app.serverLog.join('').split('\n').slice(-30).join('\n')}`);
	if (failed.length === 0 && process.env.KEEP_N8N_E2E !== '1') rmSync(app.userFolder, { recursive: true, force: true });
	else console.log(`[test:n8n:ui] n8n user folder kept: ${app.userFolder}`);
	const seconds = ((Date.now() - started) / 1000).toFixed(0);
	console.log(
		`\n[test:n8n:ui] ${checks.list.length - failed.length} passed, ${failed.length} failed (${seconds} s); ${stats.panels} panels opened, ` +
			`${stats.pickers} pickers loaded; ${stats.offlineNoise} console error(s) of n8n's own internet requests ignored (closed network)`,
	);
	console.log(failed.length === 0 ? '[test:n8n:ui] PASS' : `[test:n8n:ui] FAIL: ${failed.map((c) => c.name).join('; ')}`);
	process.exitCode = failed.length === 0 ? 0 : 1;
}

void main();
