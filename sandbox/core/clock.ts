/** Clock, speed scaling, cancellable timers and a seedable random source for one sandbox instance. */
import { randomBytes } from 'node:crypto';
import type { SandboxClock, SandboxRandom, Speed } from './provider';

export function speedFactor(speed: Speed | undefined): number {
	if (speed === undefined || speed === 'fast') return 0.001;
	if (speed === 'realtime') return 1;
	if (typeof speed === 'number' && Number.isFinite(speed) && speed >= 0) return speed;
	throw new Error(`sandbox: speed must be 'fast', 'realtime' or a number >= 0, got ${String(speed)}`);
}

export class InstanceClock implements SandboxClock {
	offsetMs = 0;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly sleepers = new Set<() => void>();

	constructor(private readonly factor: number) {}

	now(): number {
		return Date.now() + this.offsetMs;
	}

	scale(realMs: number): number {
		return Math.max(0, Math.round(realMs * this.factor));
	}

	schedule(fn: () => void, delayMs: number): () => void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, Math.max(0, delayMs));
		this.timers.add(timer);
		return () => {
			clearTimeout(timer);
			this.timers.delete(timer);
		};
	}

	sleep(delayMs: number): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				this.sleepers.delete(done);
				cancel();
				resolve();
			};
			const cancel = this.schedule(done, delayMs);
			this.sleepers.add(done);
		});
	}

	/** Cancel every pending timer; pending sleeps resolve at once so async loops can notice and exit. */
	cancelAll(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of [...this.sleepers]) wake();
	}
}

/** mulberry32: tiny, fast, good enough for fault and failure draws; crypto randomness when unseeded. */
export class InstanceRandom implements SandboxRandom {
	private state: number;

	constructor(private readonly seed?: number) {
		this.state = (seed ?? 0) >>> 0;
	}

	next(): number {
		if (this.seed === undefined) return randomBytes(4).readUInt32BE(0) / 2 ** 32;
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	}

	hex(bytes: number): string {
		let out = '';
		for (let i = 0; i < bytes; i++) out += Math.floor(this.next() * 256).toString(16).padStart(2, '0');
		return out;
	}

	uuid(): string {
		const h = this.hex(16);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
}
