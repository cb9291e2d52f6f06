// Jest environment: Node's, plus a private n8n user folder and quiet output.
// n8n-core's InstanceSettings writes an encryption key under $N8N_USER_FOLDER on first use: every test file gets a
// fresh temp folder (never the real ~/.n8n), removed when the file is done.
// n8n-core logs through winston straight to the process's stdout and
// stderr (expected provider errors, retries, stack traces): hundreds of lines in a green run. Everything a test
// file writes there is held, dropped when a test passes and printed under the test's name when it fails (or when
// a hook fails). N8N_TEST_VERBOSE=1 turns holding off. Plain JS: jest loads environments before any transform.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

class QuietEnvironment extends TestEnvironment {
	held = [];
	restore = undefined;

	async handleTestEvent(event) {
		if (process.env.N8N_TEST_VERBOSE === '1') return;
		switch (event.name) {
			case 'run_start':
				this.routeWinstonToStreams();
				this.hold();
				break;
			case 'test_done':
				if (event.test.errors.length > 0) this.flush(testTitle(event.test));
				this.held = [];
				break;
			case 'hook_failure':
				this.flush(`${event.hook.type} hook`);
				break;
			case 'run_finish':
				this.restore?.();
				this.held = [];
				break;
		}
	}

	constructor(config, context) {
		super(config, context);
		this.userFolder = mkdtempSync(join(tmpdir(), 'n8n-ai-image-jobs-test-'));
		this.global.process.env.N8N_USER_FOLDER = this.userFolder;
	}

	async teardown() {
		this.restore?.();
		if (this.userFolder) rmSync(this.userFolder, { recursive: true, force: true });
		await super.teardown();
	}

	/** winston's Console transport (n8n's logger) writes to `console._stdout/_stderr`; jest's console points them at
	 *  its own buffer and prints that after the file. Point them at the process streams, which are held. */
	routeWinstonToStreams() {
		const testConsole = this.global.console;
		if (!testConsole) return;
		Object.defineProperty(testConsole, '_stdout', { value: process.stdout, configurable: true, writable: true });
		Object.defineProperty(testConsole, '_stderr', { value: process.stderr, configurable: true, writable: true });
	}

	hold() {
		const streams = [process.stdout, process.stderr];
		const originals = streams.map((stream) => stream.write);
		for (const stream of streams) {
			stream.write = (chunk, encoding, callback) => {
				this.held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
				const done = typeof encoding === 'function' ? encoding : callback;
				if (typeof done === 'function') done();
				return true;
			};
		}
		this.restore = () => {
			streams.forEach((stream, i) => (stream.write = originals[i]));
			this.restore = undefined;
		};
		this.write = (text) => originals[1].call(process.stderr, text);
	}

	flush(title) {
		if (this.held.length === 0 || !this.write) return;
		this.write(`\n── output of failed test: ${title} ──\n${this.held.join('')}── end of output ──\n`);
		this.held = [];
	}
}

/** 'describe › nested › test', as jest prints it (without jest-circus's invisible root block). */
function testTitle(test) {
	const names = [];
	for (let block = test; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent) names.unshift(block.name);
	return names.join(' › ');
}

module.exports = QuietEnvironment;
