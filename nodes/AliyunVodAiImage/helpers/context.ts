import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

import { VOD_JOB_REGIONS, VOD_TEMPLATE_REGIONS, normaliseEndpoint, vodRegion } from '../../../credentials/common/endpoints';
import { quotaKey } from '../../shared/pacing';

/** What the transport needs from the credential, read once per execution. */
export interface VodContext {
	region: string;
	/** Scopes the process-wide pacing: quotas are per account (AccessKey) and API, per endpoint. */
	quotaScope: string;
	/** Values that must never be echoed back in errors or outputs. */
	secrets: string[];
}

export type RegionScope = 'job' | 'template' | 'any';

const ALLOWED: Record<Exclude<RegionScope, 'any'>, readonly string[]> = {
	job: VOD_JOB_REGIONS,
	template: VOD_TEMPLATE_REGIONS,
};

/**
 * Reads the credential without sending anything (n8n lint: a function that reads credentials must not send HTTP
 * itself; the signing happens in the credential's `authenticate`).
 */
export async function getVodContext(
	this: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions,
): Promise<VodContext> {
	const credentials = await this.getCredentials('aliyunVodApi');
	const region = vodRegion(credentials);
	// Trimmed like the credential's `authenticate` does, so the secrets redacted are the exact strings sent.
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return {
		region,
		quotaScope: quotaKey('aliyunVod', normaliseEndpoint(credentials.endpoint) || region, text(credentials.accessKeyId)),
		secrets: [text(credentials.accessKeySecret), text(credentials.securityToken)].filter((s) => s !== ''),
	};
}

/** Refuses before any request when the credential's region does not offer the operation. */
export function assertRegion(this: IExecuteFunctions | ILoadOptionsFunctions, context: VodContext, scope: RegionScope): void {
	if (scope === 'any') return;
	const allowed = ALLOWED[scope];
	if (allowed.includes(context.region)) return;
	const what = scope === 'job' ? 'AI image jobs and images' : 'AI templates';
	throw new NodeOperationError(this.getNode(), `Region: ${what} are not available in region "${context.region}"`, {
		description: `Alibaba Cloud offers ${what} only in ${allowed.join(', ')}. Choose one of these regions in the Alibaba Cloud VOD credential (the same region where the videos are stored).`,
	});
}
