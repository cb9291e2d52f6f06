/**
 * Auto-registration of the queue callback (veimagex-api.md §3, §4.1): on activation the queue's callback is
 * pointed at this webhook (with the secret in the URL and in Args), the previous callback settings are kept in
 * the node's static data, and deactivation puts them back. UpdateImageAIProcessQueue is a full-object call,
 * so the queue is read first and merged.
 */
import { randomBytes } from 'node:crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { callVeImageX } from '../../shared/callbackTrigger/hookTransport';
import { nodeState, veImageXSecret } from '../../shared/callbackTrigger/settings';
import { at, checkId } from '../../shared/validate';
import { locatorValue } from '../helpers/fields';
import { URL_TOKEN_PARAM } from './webhook';

interface Registration {
	queueId: string;
	endpoint: string;
	previous: { EnableCallback: boolean; CallbackConf?: IDataObject };
}

/** The picked queue (a locator, or a plain string in workflows saved before the picker), type-checked. */
function queueId(ctx: IHookFunctions): string {
	const value = locatorValue(ctx.getNodeParameter('queueId', '', { extractValue: true })) ?? '';
	return checkId(at(ctx, 0), 'Queue', value, { fix: 'Pick the queue from the list or enter its ID.', required: false });
}

function registering(ctx: IHookFunctions): boolean {
	return queueId(ctx) !== '' && ctx.getNodeParameter('registerCallback', true) === true;
}

/** The secret to use; on activation one is generated (and kept) when the user set none. */
function ensureSecret(ctx: IHookFunctions): string {
	const existing = veImageXSecret(ctx);
	if (existing !== '') return existing;
	const generated = randomBytes(24).toString('base64url');
	nodeState(ctx).secret = generated;
	return generated;
}

function endpointFor(ctx: IHookFunctions, secret: string): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	return `${url}${url.includes('?') ? '&' : '?'}${URL_TOKEN_PARAM}=${encodeURIComponent(secret)}`;
}

async function readQueue(ctx: IHookFunctions, id: string): Promise<IDataObject> {
	for (let offset = 0; ; offset += 100) {
		const result = await callVeImageX(ctx, 'GetImageAIProcessQueues', { Limit: 100, Offset: offset });
		const queues = (result.Queues ?? []) as IDataObject[];
		const found = queues.find((queue) => queue.Id === id);
		if (found) return found;
		const total = Number(result.Total ?? 0);
		if (queues.length === 0 || offset + queues.length >= total) break;
	}
	throw new NodeOperationError(ctx.getNode(), `Queue ID: no queue "${id}" in this account and region`, {
		description: "Check the Queue ID and the Region of the veImageX credential (queues are regional).",
	});
}

function wanted(ctx: IHookFunctions, secret: string): IDataObject {
	return {
		Method: 'HTTP',
		Endpoint: endpointFor(ctx, secret),
		DataFormat: ctx.getNodeParameter('dataFormat', 'JSON') as string,
		Type: ctx.getNodeParameter('callbackType', 'entry') as string,
		Args: secret,
	};
}

function matches(queue: IDataObject, conf: IDataObject): boolean {
	const live = (queue.CallbackConf ?? {}) as IDataObject;
	return queue.EnableCallback === true && Object.keys(conf).every((key) => live[key] === conf[key]);
}

async function updateQueue(ctx: IHookFunctions, queue: IDataObject, enable: boolean, conf?: IDataObject): Promise<void> {
	const body: IDataObject = { Id: queue.Id, Name: queue.Name, Attribute: queue.Attribute, EnableCallback: enable };
	if (queue.Desc !== undefined) body.Desc = queue.Desc;
	if (conf !== undefined) body.CallbackConf = conf;
	await callVeImageX(ctx, 'UpdateImageAIProcessQueue', body);
}

export async function veImageXCheckExists(this: IHookFunctions): Promise<boolean> {
	if (!registering(this)) return veImageXSecret(this) !== '' || this.getNodeParameter('secretCheck', 'either') === 'off';
	const state = nodeState(this);
	const registration = state.registration as Registration | undefined;
	const secret = veImageXSecret(this);
	if (!registration || registration.queueId !== queueId(this) || secret === '') return false;
	const queue = await readQueue(this, queueId(this));
	return matches(queue, wanted(this, secret));
}

export async function veImageXCreate(this: IHookFunctions): Promise<boolean> {
	const check = this.getNodeParameter('secretCheck', 'either');
	if (!registering(this)) {
		if (check !== 'off' && veImageXSecret(this) === '') {
			throw new NodeOperationError(this.getNode(), 'Callback Secret: empty, so every callback would be refused', {
				description:
					"Enter a Callback Secret and configure it in the queue's callback (as ?token=<secret> on the URL and/or as the callback Args), or enter a Queue ID and keep Register Callback on Queue on to have everything set up automatically.",
			});
		}
		return true;
	}
	const id = queueId(this);
	const secret = ensureSecret(this);
	const queue = await readQueue(this, id);
	const conf = wanted(this, secret);
	const state = nodeState(this);
	const earlier = state.registration as Registration | undefined;
	// Keep the settings found before the FIRST registration: a repeated create must not save our own config.
	if (!earlier || earlier.queueId !== id) {
		const liveConf = queue.CallbackConf as IDataObject | undefined;
		const ours = typeof liveConf?.Endpoint === 'string' && liveConf.Endpoint.startsWith(this.getNodeWebhookUrl('default') ?? '\u0000');
		const registration: Registration = {
			queueId: id,
			endpoint: String(conf.Endpoint),
			previous: ours ? { EnableCallback: false } : { EnableCallback: queue.EnableCallback === true, CallbackConf: liveConf },
		};
		state.registration = registration as unknown as IDataObject;
	}
	await updateQueue(this, queue, true, conf);
	return true;
}

function hadEndpoint(conf: IDataObject | undefined): conf is IDataObject {
	return typeof conf?.Endpoint === 'string' && conf.Endpoint !== '';
}

/**
 * A queue that had no callback cannot get "none" back: UpdateImageAIProcessQueue keeps CallbackConf fields left
 * empty (no documented way to clear them). The callback is switched off instead, and the secret taken out of
 * the stored config (token off the Endpoint, Args emptied), so reading the queue does not reveal it.
 */
function withoutSecret(endpoint: string): IDataObject {
	const url = new URL(endpoint);
	url.searchParams.delete(URL_TOKEN_PARAM);
	return { Endpoint: url.toString(), Args: '' };
}

export async function veImageXDelete(this: IHookFunctions): Promise<boolean> {
	const state = nodeState(this);
	const registration = state.registration as Registration | undefined;
	if (!registration) return true;
	const queue = await readQueue(this, registration.queueId);
	const live = (queue.CallbackConf ?? {}) as IDataObject;
	// Someone re-pointed the queue since: leave their settings alone.
	if (live.Endpoint === registration.endpoint) {
		const previous = registration.previous;
		const conf = hadEndpoint(previous.CallbackConf) ? previous.CallbackConf : withoutSecret(registration.endpoint);
		await updateQueue(this, queue, previous.EnableCallback, conf);
	} else {
		this.logger.info(`AI Image Callback Trigger: queue ${registration.queueId} no longer points here; its callback was left as is`);
	}
	delete state.registration;
	return true;
}
