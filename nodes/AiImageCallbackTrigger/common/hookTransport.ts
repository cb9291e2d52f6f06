/**
 * The trigger sends HTTP through the action nodes' transports (pacing, retries, signing, error mapping), whose
 * context types accept hook and webhook contexts.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { getVodContext } from '../../AliyunVodAiImage/helpers/context';
import { vodRequest } from '../../AliyunVodAiImage/transport';
import type { CallKind } from '../../AliyunVodAiImage/transport';
import { veImageXRequest } from '../../VeImageXAiQueue/transport';
import type { VeImageXAction } from '../../VeImageXAiQueue/transport';

type TriggerContext = IHookFunctions | IWebhookFunctions;

export async function callVeImageX(ctx: TriggerContext, action: VeImageXAction, params: IDataObject): Promise<IDataObject> {
	return await veImageXRequest.call(ctx, action, params);
}

export async function callVod(
	ctx: TriggerContext,
	action: string,
	params: Record<string, string | undefined>,
	kind: CallKind,
	keepEmpty?: readonly string[],
): Promise<IDataObject> {
	const vodContext = await getVodContext.call(ctx);
	return await vodRequest.call(ctx, vodContext, action, params, { kind, keepEmpty });
}
