/** The VOD side's settings, checked on every call: an invalid one refuses the call (fail closed). */
import type { IWebhookFunctions } from 'n8n-workflow';

import { checkedBoolean, checkedNumber, choiceParameter, commonSettings } from '../../shared/callbackTrigger/settings';
import type { Checked, CommonSettings } from '../../shared/callbackTrigger/settings';
import { SIGNATURE_CHECKS } from './verify';
import type { SignatureCheck } from './verify';

export interface VodSettings extends CommonSettings {
	signatureCheck: SignatureCheck;
	maxAgeSeconds: number;
	eventFilter: 'ai' | 'all';
	statusFilter: 'any' | 'success' | 'fail';
	/** Confirm with GetAIImageJobs: on by default, and possible only with a VOD credential. */
	confirm: boolean;
}

export function hasVodCredential(ctx: IWebhookFunctions): boolean {
	return ctx.getNode().credentials?.aliyunVodApi !== undefined;
}

export function vodSettings(ctx: IWebhookFunctions): Checked<VodSettings> {
	const common = commonSettings(ctx);
	if (!common.ok) return common;
	const signatureCheck = choiceParameter(ctx, 'signatureCheck', 'Signature Check', SIGNATURE_CHECKS, 'required');
	const maxAge = checkedNumber('Maximum Age (Seconds)', ctx.getNodeParameter('maxAgeSeconds', 300), 300, 0);
	const eventFilter = choiceParameter(ctx, 'eventFilter', 'Events', ['ai', 'all'] as const, 'ai');
	const statusFilter = choiceParameter(ctx, 'statusFilter', 'Status', ['any', 'success', 'fail'] as const, 'any');
	const confirm = checkedBoolean('Confirm With API', ctx.getNodeParameter('confirmWithApi', true), true);
	if (!signatureCheck.ok) return signatureCheck;
	if (!maxAge.ok) return maxAge;
	if (!eventFilter.ok) return eventFilter;
	if (!statusFilter.ok) return statusFilter;
	if (!confirm.ok) return confirm;
	return {
		ok: true,
		value: {
			...common.value,
			signatureCheck: signatureCheck.value,
			maxAgeSeconds: maxAge.value,
			eventFilter: eventFilter.value,
			statusFilter: statusFilter.value,
			confirm: confirm.value && hasVodCredential(ctx),
		},
	};
}
