import type { IDataObject } from 'n8n-workflow';

import { parseJsonField } from '../../shared/items';

export interface AiImage {
	score: number;
	url: string;
}

/** `AIImageResult` is a JSON string of `[{Score, Url}]`; tolerate an already-parsed array and odd casing. */
export function parseAiImageResult(value: unknown): AiImage[] {
	const parsed = parseJsonField(value);
	if (!Array.isArray(parsed)) return [];
	return parsed
		.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object')
		.map((entry) => ({ score: Number(entry.Score ?? entry.score), url: String(entry.Url ?? entry.url ?? '') }))
		.filter((image) => image.url !== '');
}

/** Documented final statuses are `success` and `fail`; anything else (or no entry yet) means still running. */
export function jobState(status: unknown): 'succeeded' | 'failed' | 'running' {
	const value = typeof status === 'string' ? status.toLowerCase() : '';
	if (value === 'success') return 'succeeded';
	if (value === 'fail' || value === 'failed') return 'failed';
	return 'running';
}

/** One GetAIImageJobs entry with its JSON-string fields parsed. */
export function parseJob(raw: IDataObject): IDataObject {
	return {
		...raw,
		TemplateConfig: parseJsonField(raw.TemplateConfig) as IDataObject,
		UserData: parseJsonField(raw.UserData) as IDataObject,
		AIImageResult: parseAiImageResult(raw.AIImageResult) as unknown as IDataObject[],
		state: jobState(raw.Status),
	};
}

/** ListAIImageInfo entry: Score arrives as a string there. */
export function parseImageInfo(raw: IDataObject): IDataObject {
	const score = Number(raw.Score);
	return { ...raw, Score: Number.isFinite(score) ? score : raw.Score };
}

/** Template entries carry TemplateConfig as a JSON string. */
export function parseTemplate(raw: IDataObject): IDataObject {
	return { ...raw, TemplateConfig: parseJsonField(raw.TemplateConfig) as IDataObject };
}

/** VOD ids (JobId, AIImageInfoId) are hex strings; anything else would make the whole batch of 10 fail. */
export function isWellFormedId(id: string): boolean {
	return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}
