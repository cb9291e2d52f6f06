/**
 * Holding back callbacks: while held, every outgoing callback waits before its first attempt (nothing is dropped);
 * released, they are delivered in the order they were held. Lets a test stop the receiver (e.g. restart n8n while
 * executions wait) and deliver the callbacks once it is back.
 */
export class CallbackHold {
	private waiting: Array<() => void> = [];
	private on = false;

	get held(): boolean {
		return this.on;
	}

	/** Callbacks waiting for the release. */
	get pending(): number {
		return this.waiting.length;
	}

	set(on: boolean): void {
		this.on = on;
		if (on) return;
		const release = this.waiting;
		this.waiting = [];
		for (const go of release) go();
	}

	/** Resolves at once unless held. */
	async pass(): Promise<void> {
		if (!this.on) return;
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}
}
