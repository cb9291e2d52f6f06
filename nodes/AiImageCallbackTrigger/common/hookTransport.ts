/**
 * The action nodes' transports are typed for execute/load-options contexts, but only use what hook and
 * webhook contexts also provide (getNode, getCredentials, helpers.httpRequestWithAuthentication), so the
 * trigger reuses them instead of sending HTTP a second way.
 */
import type { IDataObject, IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { getVodContext } from '../../AliyunVodAiImage/helpers/context';
import { vodRequest } from '../../AliyunVodAiImage/transport';
import type { CallKind } from '../../AliyunVodAiImage/transport';
import { veImageXRequest } from '../../VeImageXAiQueue/transport';
import type { VeImageXAction } from '../../VeImageXAiQueue/transport';

type TriggerContext = IHookFunctions | IWebhookFunctions;

function asTransportContext(ctx: TriggerContext): IExecuteFunctions {
	return ctx as unknown as IExecuteFunctions;
}

export async function callVeImageX(ctx: TriggerContext, action: VeImageXAction, params: IDataObject): Promise<IDataObject> {
	return await veImageXRequest.call(asTransportContext(ctx), action, params);
}

export async function callVod(
	ctx: TriggerContext,
	action: string,
	params: Record<string, string | undefined>,
	kind: CallKind,
): Promise<IDataObject> {
	const transportCtx = asTransportContext(ctx);
	const vodContext = await getVodContext.call(transportCtx);
	return await vodRequest.call(transportCtx, vodContext, action, params, { kind });
}
