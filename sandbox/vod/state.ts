/** In-memory VOD state per (account, region): AI templates, jobs, AI image records, message callback config. */
import type { MessageCallbackConfig, TemplateType, UserData } from './validation';

export interface Template {
	TemplateId: string;
	TemplateName: string;
	TemplateType: TemplateType;
	TemplateConfig: string;
	Source: 'System' | 'Custom';
	IsDefault: 'Default' | 'NotDefault';
	CreationTime: string;
	ModifyTime: string;
}

export type JobStatus = 'processing' | 'success' | 'fail';

export interface ImageResult {
	Score: number;
	Url: string;
}

export interface Job {
	JobId: string;
	VideoId: string;
	TemplateId: string;
	TemplateConfig: string;
	UserData?: UserData;
	CreationTime: string;
	region: string;
	accountId: string;
	/** When the job reaches its final state (ms since epoch, sandbox clock). */
	finishAt: number;
	/** Drawn at submission so the outcome does not depend on who looks first (poll or timer). */
	failure?: { Code: string; Message: string };
	status: JobStatus;
	results?: ImageResult[];
}

export interface ImageInfo {
	AIImageInfoId: string;
	JobId: string;
	VideoId: string;
	FileURL: string;
	Score: string;
	Format: 'gif' | 'png';
	Version: string;
	CreationTime: string;
}

export interface RegionState {
	templates: Map<string, Template>;
	jobs: Map<string, Job>;
	images: Map<string, ImageInfo>;
	messageCallback: MessageCallbackConfig;
}

/** `yyyy-MM-ddTHH:mm:ssZ` (UTC, no ms), the format of every VOD CreationTime. */
export const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const DEFAULT_AI_IMAGE_CONFIG = '{"Format":"gif","SetDefaultCover":"true"}';
const DEFAULT_AUDIT_CONFIG = '{"AuditItem":["terrorism","porn"],"AuditRange":["video","image-cover","text-title"],"AuditContent":["screen"],"AuditAutoBlock":"no"}';

function seededTemplates(id: (seed: string) => string, now: number): Map<string, Template> {
	const at = utc(now);
	const system = (TemplateType: TemplateType, TemplateName: string, TemplateConfig: string): Template => ({
		TemplateId: id(TemplateType), TemplateName, TemplateType, TemplateConfig,
		Source: 'System', IsDefault: 'Default', CreationTime: at, ModifyTime: at,
	});
	const list = [
		system('AIImage', 'System AIImage Template', DEFAULT_AI_IMAGE_CONFIG),
		system('AIMediaAudit', 'System AIMediaAudit Template', DEFAULT_AUDIT_CONFIG),
	];
	return new Map(list.map((t) => [t.TemplateId, t]));
}

export class VodState {
	private readonly regions = new Map<string, RegionState>();

	constructor(
		private readonly newId: () => string,
		private readonly now: () => number,
	) {}

	region(accountId: string, region: string): RegionState {
		const key = `${accountId}/${region}`;
		let state = this.regions.get(key);
		if (!state) {
			state = {
				templates: seededTemplates(() => this.newId(), this.now()),
				jobs: new Map(),
				images: new Map(),
				// A fresh account has no event notification configured.
				messageCallback: {
					AppId: 'app-1000000', CallbackType: 'HTTP', CallbackURL: '', EventTypeList: '',
					AuthSwitch: 'off', AuthKey: '', MnsEndpoint: '', MnsQueueName: '',
				},
			};
			this.regions.set(key, state);
		}
		return state;
	}

	reset(): void {
		this.regions.clear();
	}

	/** Admin view: secrets (callback AuthKey) redacted. */
	snapshot(): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		for (const [key, s] of this.regions) {
			out[key] = {
				templates: [...s.templates.values()],
				jobs: [...s.jobs.values()].map((j) => ({ ...j, UserData: j.UserData?.raw })),
				images: [...s.images.values()],
				messageCallback: { ...s.messageCallback, AuthKey: s.messageCallback.AuthKey ? '***' : '' },
			};
		}
		return out;
	}
}
