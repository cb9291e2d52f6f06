/** Job and image actions (vod-api.md §2.2–2.5): SubmitAIImageJob, GetAIImageJobs, ListAIImageInfo, DeleteAIImageInfos. */
import { ApiError } from '../core/provider';
import type { ActionContext, ActionHandler } from './actionContext';
import { invalidParameter, templateNotFound } from './errors';
import { drawFailure, type LifecycleDeps, scheduleJob, settleIfDue } from './lifecycle';
import { type Job, utc } from './state';
import { idList, parseUserData, required } from './validation';

const deps = (a: ActionContext): LifecycleDeps => ({ ctx: a.ctx, options: a.options, state: a.state });

/** VOD media ids are 32 hex chars; anything not id-shaped cannot name a video (documented InvalidVideo.NotFound). */
function videoId(a: ActionContext): string {
	const id = required(a.params, 'VideoId');
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError(404, 'InvalidVideo.NotFound', 'The video does not exist.');
	return id;
}

/**
 * UNVERIFIED: only `success` and `fail` are documented (vod-api.md §2.3); what the real service returns for a
 * running job is unknown. The sandbox shows such a job with Status `processing` and no result.
 */
function jobView(job: Job): Record<string, unknown> {
	const view: Record<string, unknown> = {
		JobId: job.JobId,
		VideoId: job.VideoId,
		Status: job.status,
		TemplateId: job.TemplateId,
		TemplateConfig: job.TemplateConfig,
		CreationTime: job.CreationTime,
	};
	if (job.UserData) view.UserData = job.UserData.raw;
	if (job.status === 'success') {
		Object.assign(view, { Code: 'Success', Message: 'success', AIImageResult: JSON.stringify(job.results ?? []) });
	} else if (job.status === 'fail') {
		Object.assign(view, { Code: job.failure?.Code, Message: job.failure?.Message });
	}
	return view;
}

export const jobActions: Record<string, ActionHandler> = {
	SubmitAIImageJob(a) {
		const VideoId = videoId(a);
		const templateId = required(a.params, 'AITemplateId');
		const userData = parseUserData(a.params.UserData);
		const template = a.state.templates.get(templateId);
		if (!template) throw templateNotFound(templateId);
		if (template.TemplateType !== 'AIImage') {
			throw invalidParameter('AITemplateId', `Template "${templateId}" is of type ${template.TemplateType}; an AIImage template is required.`);
		}
		const now = a.now();
		const job: Job = {
			JobId: a.newId(), VideoId, TemplateId: template.TemplateId, TemplateConfig: template.TemplateConfig,
			UserData: userData, CreationTime: utc(now), region: a.region, accountId: a.accountId,
			finishAt: now + a.ctx.clock.scale(a.options.jobDurationMs),
			failure: drawFailure(a.ctx), status: 'processing',
		};
		a.state.jobs.set(job.JobId, job);
		scheduleJob(job, deps(a));
		return { JobId: job.JobId };
	},

	GetAIImageJobs(a) {
		const ids = idList(a.params, 'JobIds', 10);
		const jobs = ids.map((id) => a.state.jobs.get(id)).filter((job): job is Job => job !== undefined);
		for (const job of jobs) settleIfDue(job, deps(a));
		// Unknown ids are simply absent from the list.
		return { AIImageJobList: jobs.map(jobView) };
	},

	ListAIImageInfo(a) {
		const VideoId = videoId(a);
		for (const job of a.state.jobs.values()) if (job.VideoId === VideoId) settleIfDue(job, deps(a));
		const list = [...a.state.images.values()].filter((info) => info.VideoId === VideoId);
		return { AIImageInfoList: list.map((info) => ({ ...info })) };
	},

	DeleteAIImageInfos(a) {
		// Deletes the records only, not the image files (documented); unknown ids are ignored.
		for (const id of idList(a.params, 'AIImageInfoIds', 10)) a.state.images.delete(id);
		return {};
	},
};
