/**
 * Processing: every tick (1 s of cloud time, scaled by speed) each Running queue finishes the entries that were
 * Running, moves the Dispatched ones to Running and dispatches up to ENTRIES_PER_TICK more, in task submission
 * order. Paused (Pending) queues hold their tasks (listed as Suspend once started). Finished entries get a real
 * image file; a share fails with ErrCode 615011. Callbacks go to the task's CallbackConf, else the queue's when
 * EnableCallback. An input naming TASK_CANCEL_MARKER / TASK_FAIL_MARKER ends its whole task as Cancel / Failed
 * when dispatched (UNVERIFIED how a real task gets there: console cancellation, a broken workflow template).
 */
import type { ProviderContext } from '../core/provider';
import { IMAGE_MIME, makeImage } from '../core/images';
import type { ImageFormat, Rgb } from '../core/images';
import type { CallbackConf, Entry, Queue, Scope, Task } from './model';
import { entryMessage, serialise, taskMessages } from './payload';

export const ENTRIES_PER_TICK = 50;
const TICK_CLOUD_MS = 1000;
const MAX_CALLBACKS_IN_FLIGHT = 8;
/** Inputs whose name contains this marker always fail: lets tests and demos force a failure. */
export const FORCE_FAIL_MARKER = 'sandbox-fail';
export const FAILURE = { code: '615011', message: '解码图片要素失败 (failed to decode image elements)' };
export const TASK_CANCEL_MARKER = 'sandbox-task-cancel';
export const TASK_FAIL_MARKER = 'sandbox-task-failed';

const PALETTE: Rgb[] = [[230, 57, 70], [29, 53, 87], [69, 123, 157], [42, 157, 143], [233, 196, 106], [244, 162, 97]];

export class Engine {
	private cancelTick?: () => void;
	private readonly imageCache = new Map<string, Buffer>();
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly ctx: ProviderContext,
		private readonly scopes: Map<string, Scope>,
	) {}

	kick(): void {
		if (this.cancelTick) return;
		this.cancelTick = this.ctx.clock.schedule(() => {
			this.cancelTick = undefined;
			if (this.tick()) this.kick();
		}, Math.max(1, this.ctx.clock.scale(TICK_CLOUD_MS)));
	}

	reset(): void {
		this.cancelTick?.();
		this.cancelTick = undefined;
		this.waiting.length = 0;
	}

	/** Advance every running queue by one step; true while work remains in running queues. */
	private tick(): boolean {
		let busy = false;
		for (const scope of this.scopes.values()) {
			for (const queue of scope.queues.values()) {
				if (queue.Status !== 'Running') continue;
				const tasks = [...scope.tasks.values()].filter((t) => t.QueueId === queue.Id && t.Status === 'Running');
				let budget = ENTRIES_PER_TICK;
				for (const task of tasks) {
					this.finishRunning(queue, task);
					while (budget > 0 && task.cursor < task.entries.length && task.Status === 'Running') {
						const entry = task.entries[task.cursor++];
						if (entry.deleted) continue;
						entry.Status = 'Dispatched';
						entry.startMs = this.ctx.clock.now();
						task.startMs ??= entry.startMs;
						budget--;
						this.endTaskOnMarker(task, entry);
					}
					if (task.Status !== 'Running') continue;
					if (task.entries.every((e) => e.Status === 'Success' || e.Status === 'Fail' || e.deleted)) {
						this.finishTask(queue, task);
					} else busy = true;
				}
			}
		}
		return busy;
	}

	private finishRunning(queue: Queue, task: Task): void {
		for (let i = 0; i < task.cursor; i++) {
			const entry = task.entries[i];
			if (entry.Status === 'Dispatched') {
				entry.Status = 'Running';
				continue;
			}
			if (entry.Status !== 'Running') continue;
			entry.endMs = this.ctx.clock.now();
			const forced = entry.input.includes(FORCE_FAIL_MARKER);
			if (forced || this.ctx.random.next() < this.ctx.failureRate()) {
				Object.assign(entry, { Status: 'Fail', errCode: FAILURE.code, errMsg: FAILURE.message });
			} else {
				entry.Status = 'Success';
				entry.output = this.storeOutput(task, entry, i);
			}
			const conf = this.callbackConf(queue, task);
			if (conf?.Type === 'entry') this.sendEntry(task, entry, conf);
		}
	}

	/** Cancel / Failed end the task where it is: unfinished entries keep their state (UNVERIFIED), no callback. */
	private endTaskOnMarker(task: Task, entry: Entry): void {
		const status = entry.input.includes(TASK_CANCEL_MARKER) ? 'Cancel' : entry.input.includes(TASK_FAIL_MARKER) ? 'Failed' : undefined;
		if (!status) return;
		task.Status = status;
		task.endMs = this.ctx.clock.now();
	}

	private finishTask(queue: Queue, task: Task): void {
		task.Status = 'Done';
		task.endMs = this.ctx.clock.now();
		task.startMs ??= task.endMs;
		const conf = this.callbackConf(queue, task);
		if (conf?.Type !== 'task') return;
		for (const message of taskMessages(task, conf)) this.enqueueSend(conf, message);
	}

	callbackConf(queue: Queue | undefined, task: Task): CallbackConf | undefined {
		if (task.CallbackConf) return task.CallbackConf;
		return queue?.EnableCallback ? queue.CallbackConf : undefined;
	}

	sendEntry(task: Task, entry: Entry, conf: CallbackConf): void {
		this.enqueueSend(conf, entryMessage(task, entry, conf));
	}

	/** Bounded concurrency, FIFO: a 10 000-entry queue does not open 10 000 sockets at once. */
	private enqueueSend(conf: CallbackConf, message: object): void {
		const { body, contentType } = serialise(message, conf.DataFormat);
		const go = () => {
			this.inFlight++;
			this.ctx.callbacks
				.send({ url: conf.Endpoint, headers: { 'content-type': contentType }, body, timeoutMs: 5000, faultKey: 'callback' })
				.catch(() => undefined)
				.finally(() => {
					this.inFlight--;
					this.waiting.shift()?.();
				});
		};
		if (this.inFlight < MAX_CALLBACKS_IN_FLIGHT) go();
		else this.waiting.push(go);
	}

	/** A real image file for a successful entry, stored under its ObjectKey. */
	storeOutput(task: Task, entry: Entry, index: number): { ObjectKey: string; Size: number; Format: string } {
		const source = entry.input.split(/[?#]/)[0];
		const ext = /\.([a-z0-9]+)$/i.exec(source)?.[1]?.toLowerCase();
		const format: ImageFormat = ext === 'png' || ext === 'gif' ? ext : 'webp';
		const colour = index % PALETTE.length;
		const cacheKey = `${format}:${colour}`;
		let bytes = this.imageCache.get(cacheKey);
		if (!bytes) {
			bytes = makeImage(format, 32, 32, PALETTE[colour]);
			this.imageCache.set(cacheKey, bytes);
		}
		const base = (source.split('/').pop() ?? 'image').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'image';
		const folder = task.WorkflowTemplateId.replace(/^system_workflow_/, '');
		const ObjectKey = `veImageX-store/${folder}/${task.TaskId}/${base}-${entry.EntryId.slice(-6)}.${format}`;
		this.ctx.files.put(ObjectKey, bytes, IMAGE_MIME[format]);
		return { ObjectKey, Size: bytes.length, Format: format };
	}
}
