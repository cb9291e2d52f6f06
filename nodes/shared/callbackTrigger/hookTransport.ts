/**
 * The trigger sends HTTP through the action nodes' transports (pacing, retries, signing, error mapping), whose
 * context types accept hook and webhook contexts. The trigger's own secrets (veImageX callback secret, VOD
 * AuthKey) travel in registration requests, so they are scrubbed from any error a provider answer produced.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { getVodContext } from '../../AliyunVodAiImage/helpers/context';
import { vodRequest } from '../../AliyunVodAiImage/transport';
import type { CallKind } from '../../AliyunVodAiImage/transport';
import { SecretScrubber } from '../secrets';
import { veImageXRequest } from '../../VeImageXAiQueue/transport';
import type { VeImageXAction } from '../../VeImageXAiQueue/transport';
import { veImageXSecret } from './settings';

type TriggerContext = IHookFunctions | IWebhookFunctions;

function triggerSecrets(ctx: TriggerContext): string[] {
	const values = [veImageXSecret(ctx), ctx.getNodeParameter('authKey', '') as string, ctx.getNodeParameter('previousAuthKey', '') as string];
	return values.filter((value) => typeof value === 'string' && value !== '');
}

/** Removes the secrets, in every spelling, from everything an n8n error shows, stores or logs (the shared scrubber). */
export function scrubError(error: unknown, secrets: string[]): unknown {
	return new SecretScrubber(secrets).error(error);
}

export async function callVeImageX(ctx: TriggerContext, action: VeImageXAction, params: IDataObject): Promise<IDataObject> {
	try {
		return await veImageXRequest.call(ctx, action, params);
	} catch (error) {
		throw scrubError(error, triggerSecrets(ctx));
	}
}

export async function callVod(
	ctx: TriggerContext,
	action: string,
	params: Record<string, string | undefined>,
	kind: CallKind,
	keepEmpty?: readonly string[],
): Promise<IDataObject> {
	const secrets = triggerSecrets(ctx);
	const vodContext = await getVodContext.call(ctx);
	try {
		return await vodRequest.call(ctx, vodContext, action, params, { kind, keepEmpty, secretValues: secrets });
	} catch (error) {
		throw scrubError(error, secrets);
	}
}
