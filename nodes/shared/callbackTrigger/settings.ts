import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_BODY_MB } from './http';
import type { TriggerOptions } from './description';

export interface CommonSettings {
	maxBytes: number;
	deduplicate: boolean;
	dedupeWindowMs: number;
	includeRaw: boolean;
}

/** A setting read from the node, or why it cannot be used (the webhook then refuses the call: fail closed). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Expressions can give any type: numbers as strings are taken, anything else that is not a finite number at
 * least `min` is refused (a NaN size limit must not mean "no limit").
 */
/** The value as the log shows it (JSON.stringify would print NaN as null). */
function shown(value: unknown): string {
	return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
}

export function checkedNumber(field: string, value: unknown, fallback: number, min: number): Checked<number> {
	if (value === undefined || value === null || value === '') return { ok: true, value: fallback };
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(number) || number < min) return { ok: false, reason: `${field} must be a number of at least ${min} (got ${shown(value)})` };
	return { ok: true, value: number };
}

export function checkedBoolean(field: string, value: unknown, fallback: boolean): Checked<boolean> {
	if (value === undefined || value === null || value === '') return { ok: true, value: fallback };
	if (typeof value === 'boolean') return { ok: true, value };
	if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
	return { ok: false, reason: `${field} must be true or false (got ${shown(value)})` };
}

export function checkedChoice<T extends string>(field: string, value: unknown, allowed: readonly T[]): Checked<T> {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return { ok: true, value: value as T };
	return { ok: false, reason: `${field} must be one of ${allowed.join(', ')} (got ${shown(value)})` };
}

/** Reads one option parameter and checks it; a node parameter read that throws is a refusal too. */
export function choiceParameter<T extends string>(ctx: IWebhookFunctions, name: string, field: string, allowed: readonly T[], fallback: T): Checked<T> {
	return checkedChoice(field, ctx.getNodeParameter(name, fallback), allowed);
}

export function commonSettings(ctx: IWebhookFunctions): Checked<CommonSettings> {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as TriggerOptions;
	if (typeof options !== 'object' || Array.isArray(options)) return { ok: false, reason: 'Options must be an object' };
	const maxBodyMb = checkedNumber('Maximum Body Size (MB)', options.maxBodyMb, DEFAULT_MAX_BODY_MB, 0.001);
	const window = checkedNumber('Repeat Window (Seconds)', options.dedupeWindowSeconds, 3600, 1);
	const deduplicate = checkedBoolean('Ignore Repeated Deliveries', options.deduplicate, true);
	const includeRaw = checkedBoolean('Include Raw Message', options.includeRaw, false);
	if (!maxBodyMb.ok) return maxBodyMb;
	if (!window.ok) return window;
	if (!deduplicate.ok) return deduplicate;
	if (!includeRaw.ok) return includeRaw;
	return {
		ok: true,
		value: {
			maxBytes: Math.floor(maxBodyMb.value * 1024 * 1024),
			deduplicate: deduplicate.value,
			dedupeWindowMs: window.value * 1000,
			includeRaw: includeRaw.value,
		},
	};
}

/** Node static data: where the generated secret and the previous callback settings are kept. */
export function nodeState(ctx: IHookFunctions | IWebhookFunctions): IDataObject {
	return ctx.getWorkflowStaticData('node');
}

/** The secret veImageX callbacks must carry: the user's, else the one generated on activation. */
export function veImageXSecret(ctx: IHookFunctions | IWebhookFunctions): string {
	const configured = String(ctx.getNodeParameter('callbackSecret', '') ?? '');
	if (configured !== '') return configured;
	const generated = nodeState(ctx).secret;
	return typeof generated === 'string' ? generated : '';
}

/** Scope of the per-process dedupe memory: one trigger node of one workflow. */
export function dedupeScope(ctx: IWebhookFunctions): string {
	return `${String(ctx.getWorkflow().id ?? '')}/${ctx.getNode().id ?? ctx.getNode().name}`;
}
