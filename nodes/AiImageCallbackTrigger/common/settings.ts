import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_BODY_MB } from './http';
import type { TriggerOptions } from '../description';

export interface CommonSettings {
	maxBytes: number;
	deduplicate: boolean;
	dedupeWindowMs: number;
	includeRaw: boolean;
}

export function commonSettings(ctx: IWebhookFunctions): CommonSettings {
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	return {
		maxBytes: Math.floor((options.maxBodyMb ?? DEFAULT_MAX_BODY_MB) * 1024 * 1024),
		deduplicate: options.deduplicate !== false,
		dedupeWindowMs: (options.dedupeWindowSeconds ?? 3600) * 1000,
		includeRaw: options.includeRaw === true,
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
