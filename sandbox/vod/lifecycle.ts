/**
 * AI image job lifecycle: processing -> success | fail after `jobDurationMs` (scaled). The outcome is drawn at
 * submission; the job settles either on its timer or lazily when read, whichever comes first, exactly once.
 * Success stores real GIF/PNG files in the sandbox file store and creates the ListAIImageInfo records.
 */
import { createHash } from 'node:crypto';
import { IMAGE_MIME, makeImage, type Rgb } from '../core/images';
import type { ProviderContext } from '../core/provider';
import { deliverJobEvent } from './callbacks';
import type { VodOptions } from './options';
import { type Job, type RegionState, utc } from './state';
import { imageFormat } from './validation';

/** UNVERIFIED: AI image failure codes are undocumented; these follow VOD's media-processing error naming. */
const FAILURES = [
	{ Code: 'InvalidVideo.NoneStream', Message: 'The video has no video stream to take thumbnails from.' },
	{ Code: 'InvalidVideo.Damaged', Message: 'The source file is damaged and cannot be decoded.' },
	{ Code: 'InternalError', Message: 'The AI job failed due to an internal error. Submit the job again later.' },
];

export interface LifecycleDeps {
	ctx: ProviderContext;
	options: VodOptions;
	state: RegionState;
}

export function drawFailure(ctx: ProviderContext): Job['failure'] {
	if (ctx.random.next() >= ctx.failureRate()) return undefined;
	return FAILURES[Math.floor(ctx.random.next() * FAILURES.length)];
}

export function scheduleJob(job: Job, deps: LifecycleDeps): void {
	deps.ctx.clock.schedule(() => settle(job, deps), Math.max(0, job.finishAt - deps.ctx.clock.now()));
}

/** Called on reads: a job past its finish time is settled before it is shown. */
export function settleIfDue(job: Job, deps: LifecycleDeps): void {
	if (job.status === 'processing' && deps.ctx.clock.now() >= job.finishAt) settle(job, deps);
}

function settle(job: Job, deps: LifecycleDeps): void {
	if (job.status !== 'processing') return;
	if (job.failure) {
		job.status = 'fail';
	} else {
		produceImages(job, deps);
		job.status = 'success';
	}
	deliverJobEvent(deps.ctx, deps.options, deps.state.messageCallback, job);
}

function produceImages(job: Job, deps: LifecycleDeps): void {
	const { ctx, state } = deps;
	const format = imageFormat(job.TemplateConfig);
	const count = 1 + Math.floor(ctx.random.next() * 3);
	const stem = ctx.random.hex(16);
	const now = ctx.clock.now();
	job.results = [];
	for (let n = 1; n <= count; n++) {
		const rgb: Rgb = [Math.floor(ctx.random.next() * 256), Math.floor(ctx.random.next() * 256), 128];
		const key = `${job.VideoId}/image/ai/${stem}-${String(n).padStart(5, '0')}.${format}`;
		const Url = ctx.files.put(key, makeImage(format, 64, 36, rgb), IMAGE_MIME[format]);
		const Score = 2 + ctx.random.next() * 6;
		job.results.push({ Score, Url });
		const info = {
			AIImageInfoId: ctx.random.hex(16), JobId: job.JobId, VideoId: job.VideoId,
			FileURL: signedLookingUrl(Url, now, ctx.random.hex(8)), Score: String(Score), Format: format,
			Version: ctx.random.hex(16), CreationTime: utc(now),
		};
		state.images.set(info.AIImageInfoId, info);
	}
}

/** CDN URL with the `auth_key=<expiry>-<rand>-0-<md5>` of VOD URL signing (type A); the sandbox ignores the query. */
function signedLookingUrl(url: string, nowMs: number, rand: string): string {
	const expiry = Math.floor(nowMs / 1000) + 3600;
	const path = new URL(url).pathname;
	const md5 = createHash('md5').update(`${path}-${expiry}-${rand}-0-sandbox`).digest('hex');
	return `${url}?auth_key=${expiry}-${rand}-0-${md5}`;
}
