// One live status line per flow: rewritten in place on a terminal (4 times a second), printed as a new line every
// 2 s otherwise (logs, CI), so a running flow is never silent for longer than that. Milestones ("trigger
// registered", "submitted 300 jobs") are printed as permanent lines above it.

/** Tests running the flows switch all progress output off. */
export const progressOutput = { enabled: true };

const TTY_INTERVAL_MS = 250;
const PLAIN_INTERVAL_MS = 2000;

export class StatusLine {
	private timer?: NodeJS.Timeout;
	private shown = false;
	private readonly started = Date.now();
	private readonly tty = process.stdout.isTTY === true;

	/** `render` returns the live figures (without flow name and clock); it is called on every refresh. */
	constructor(
		private readonly flow: string,
		private readonly render: () => string,
	) {}

	start(): this {
		if (!progressOutput.enabled) return this;
		this.draw();
		this.timer = setInterval(() => this.draw(), this.tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS);
		return this;
	}

	/** A permanent line above the status line. */
	note(message: string): void {
		if (!progressOutput.enabled) return;
		this.clear();
		process.stdout.write(`  [${this.flow}] ${message}\n`);
		if (this.timer && this.tty) this.draw();
	}

	/** Final figures, left on screen. */
	stop(): void {
		if (!this.timer) return;
		clearInterval(this.timer);
		this.timer = undefined;
		this.draw();
		if (this.tty) process.stdout.write('\n');
		this.shown = false;
	}

	private draw(): void {
		const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
		const text = `  [${this.flow}] ${this.render()} · ${seconds} s`;
		if (!this.tty) {
			process.stdout.write(`${text}\n`);
			return;
		}
		const width = process.stdout.columns ?? 120;
		process.stdout.write(`\r\x1b[2K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
		this.shown = true;
	}

	private clear(): void {
		if (this.tty && this.shown) process.stdout.write('\r\x1b[2K');
		this.shown = false;
	}
}
