// Debian's chromium driven by playwright-core for the by-hand editor check (scripts/test-n8n-ui.ts). playwright-core
// never downloads a browser; the flags are the ones this closed network needs (no background connections that
// would be refused, no QUIC), and a fresh profile per run so nothing from an earlier run is reused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// playwright adds --headless itself (headless is its default).
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface ConsoleError {
	at: number;
	text: string;
	url: string;
}

/** One browser with one logged-in context; every console error and uncaught page error is kept with its time. */
export class EditorBrowser {
	readonly errors: ConsoleError[] = [];
	private profile = '';
	context!: BrowserContext;
	page!: Page;

	constructor(
		private readonly baseUrl: string,
		private readonly cacheDir: string,
	) {}

	async open(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
		if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (sudo apt-get install chromium)`);
		mkdirSync(this.cacheDir, { recursive: true });
		this.profile = mkdtempSync(join(this.cacheDir, 'chromium-profile-'));
		// A persistent context is the way to give chromium our own empty --user-data-dir.
		this.context = await chromium.launchPersistentContext(this.profile, {
			executablePath: CHROMIUM,
			args: FLAGS,
			viewport: { width: 1600, height: 1000 },
			colorScheme,
			baseURL: this.baseUrl,
		});
		this.page = this.context.pages()[0] ?? (await this.context.newPage());
		this.watch(this.page);
		return this.page;
	}

	private watch(page: Page): void {
		page.on('console', (message: ConsoleMessage) => {
			if (message.type() === 'error') this.errors.push({ at: Date.now(), text: message.text(), url: message.location().url });
		});
		page.on('pageerror', (error: Error) => this.errors.push({ at: Date.now(), text: `uncaught: ${error.message}`, url: page.url() }));
	}

	errorsSince(at: number): ConsoleError[] {
		return this.errors.filter((error) => error.at >= at);
	}

	/** Whether no chromium process of this run is left: none has our (unique) profile folder on its command line. */
	exited(): boolean {
		if (!this.profile) return true;
		return !readdirSync('/proc')
			.filter((entry) => /^\d+$/.test(entry))
			.some((pid) => {
				try {
					return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.profile);
				} catch {
					return false; // exited while we looked
				}
			});
	}

	async close(): Promise<void> {
		await this.context?.close().catch(() => undefined);
		if (this.profile) rmSync(this.profile, { recursive: true, force: true });
	}
}
