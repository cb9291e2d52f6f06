/**
 * Opt-in registration of the region-wide VOD callback (vod-api.md §3.1). SetMessageCallback is region- (and
 * App-) wide, so the previous settings are kept in the node's static data and put back on deactivation,
 * unless someone changed them in the meantime.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { callVod } from '../../shared/callbackTrigger/hookTransport';
import { nodeState } from '../../shared/callbackTrigger/settings';

const FIELDS = ['CallbackType', 'CallbackURL', 'EventTypeList', 'AuthSwitch', 'AuthKey', 'MnsEndpoint', 'MnsQueueName'] as const;

interface VodRegistration {
	appId: string;
	url: string;
	previous: Record<string, string>;
}

function registering(ctx: IHookFunctions): boolean {
	return ctx.getNodeParameter('registerVodCallback', false) === true;
}

function appId(ctx: IHookFunctions): string {
	return String(ctx.getNodeParameter('appId', '') ?? '').trim();
}

/** The URL VOD must call (and sign): the public URL override, else n8n's webhook URL. */
function callbackUrl(ctx: IHookFunctions): string {
	const override = String(ctx.getNodeParameter('publicUrl', '') ?? '').trim();
	return override !== '' ? override : (ctx.getNodeWebhookUrl('default') ?? '');
}

async function readSettings(ctx: IHookFunctions, app: string): Promise<IDataObject> {
	const result = await callVod(ctx, 'GetMessageCallback', { AppId: app || undefined }, 'read');
	return (result.MessageCallback ?? {}) as IDataObject;
}

function aiEventsEnabled(list: unknown): boolean {
	const events = String(list ?? '').split(',').map((event) => event.trim());
	return events.includes('AIComplete') || events.includes('ALL');
}

export async function vodCheckExists(this: IHookFunctions): Promise<boolean> {
	if (!registering(this)) return true;
	const registration = nodeState(this).vodRegistration as VodRegistration | undefined;
	if (!registration) return false;
	const live = await readSettings(this, appId(this));
	const authKey = String(this.getNodeParameter('authKey', '') ?? '');
	return (
		String(live.CallbackType ?? '').toUpperCase() === 'HTTP' &&
		live.CallbackURL === callbackUrl(this) &&
		aiEventsEnabled(live.EventTypeList) &&
		(authKey === '' ? live.AuthSwitch !== 'on' : live.AuthSwitch === 'on' && live.AuthKey === authKey)
	);
}

export async function vodCreate(this: IHookFunctions): Promise<boolean> {
	if (!registering(this)) return true;
	const app = appId(this);
	const url = callbackUrl(this);
	const state = nodeState(this);
	const earlier = state.vodRegistration as VodRegistration | undefined;
	if (!earlier || earlier.appId !== app) {
		const live = await readSettings(this, app);
		const previous: Record<string, string> = {};
		for (const field of FIELDS) if (typeof live[field] === 'string') previous[field] = live[field] as string;
		state.vodRegistration = { appId: app, url, previous } as unknown as IDataObject;
	} else {
		(state.vodRegistration as unknown as VodRegistration).url = url;
	}
	const authKey = String(this.getNodeParameter('authKey', '') ?? '');
	await callVod(
		this,
		'SetMessageCallback',
		{
			AppId: app || undefined,
			CallbackType: 'HTTP',
			CallbackURL: url,
			EventTypeList: 'AIComplete',
			AuthSwitch: authKey !== '' ? 'on' : 'off',
			AuthKey: authKey || undefined,
		},
		'idempotent',
	);
	return true;
}

/**
 * What SetMessageCallback must receive to put the previous settings back. Empty previous values are not sent
 * (SetMessageCallback updates in place, and an empty CallbackURL/AuthKey is not a documented value), except
 * `EventTypeList`: empty means "all notifications off" (vod-api.md §3.1), which is how a region that had nothing
 * configured is restored — our URL and key may stay stored, but no event is sent to them any more.
 */
function restoreParams(appId: string, previous: Record<string, string>): Record<string, string | undefined> {
	const params: Record<string, string | undefined> = { AppId: appId || undefined };
	for (const field of FIELDS) params[field] = previous[field] || undefined;
	// Read as "none" when GetMessageCallback did not return the field at all: nothing was enabled then either.
	params.EventTypeList = previous.EventTypeList ?? '';
	return params;
}

export async function vodDelete(this: IHookFunctions): Promise<boolean> {
	const state = nodeState(this);
	const registration = state.vodRegistration as VodRegistration | undefined;
	if (!registration) return true;
	const live = await readSettings(this, registration.appId);
	if (live.CallbackURL === registration.url) {
		await callVod(this, 'SetMessageCallback', restoreParams(registration.appId, registration.previous), 'idempotent', ['EventTypeList']);
	} else {
		this.logger.info('AI Image Callback Trigger: the VOD callback no longer points here; it was left as is');
	}
	delete state.vodRegistration;
	return true;
}
