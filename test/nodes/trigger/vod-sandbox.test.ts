/**
 * VOD end to end against the sandbox: opt-in SetMessageCallback registration (and restore), then the sandbox's
 * signed event notifications over HTTP to a loopback receiver that hands each raw request to webhook().
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../../sandbox';
import { DEMO_KEYS } from '../../../sandbox/core/keys';
import { createVodProvider } from '../../../sandbox/vod';
import { runWebhookMethod } from '../../harness';
import { vodCall } from '../../sandbox/vod-client';
import { startReceiver, VOD_TRIGGER, until, type Receiver } from './helpers';

const AUTH_KEY = 'Trig9erKey';
const PREVIOUS = { CallbackType: 'HTTP', CallbackURL: 'http://127.0.0.1:9/other-integration', EventTypeList: 'FileUploadComplete,AIComplete', AuthSwitch: 'on', AuthKey: 'Other1Key' };
const key = { accessKeyId: DEMO_KEYS.vod[0].accessKeyId, secret: DEMO_KEYS.vod[0].secret };

let sb: Sandbox;
let receiver: Receiver;
let parameters: INodeParameters;

const call = async (action: string, params: Record<string, string> = {}) => {
	const answer = await vodCall({ endpoint: sb.vodEndpoint(), action, params, key });
	if (answer.status !== 200) throw new Error(`${action}: ${answer.text}`);
	return answer.json as IDataObject;
};

async function hook(method: 'checkExists' | 'create' | 'delete') {
	const result = await runWebhookMethod({
		type: VOD_TRIGGER,
		method,
		parameters,
		credentials: { aliyunVodApi: { ...sb.credentials.aliyun } },
		staticData: receiver.state.staticData,
		webhookUrl: receiver.webhookUrl,
	});
	receiver.state.staticData = result.staticData;
	return result.result;
}

async function submitJob(videoId: string): Promise<string> {
	const template = ((await call('ListAITemplate', { TemplateType: 'AIImage' })).TemplateInfoList as IDataObject[])[0].TemplateId as string;
	return (await call('SubmitAIImageJob', { VideoId: videoId, AITemplateId: template })).JobId as string;
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, speed: 'fast', providers: { vod: createVodProvider({ eventTimeStyle: 'mixed' }) } });
	receiver = await startReceiver({ type: VOD_TRIGGER, parameters: () => parameters, credentials: { aliyunVodApi: { ...sb.credentials.aliyun } } });
});
afterAll(async () => {
	await receiver.close();
	await sb.stop();
});

test('register region-wide -> signed events executed (and confirmed) -> retried delivery ignored -> restore previous settings', async () => {
	await call('SetMessageCallback', PREVIOUS);
	// Confirmation is on by default with a credential; this part checks the unconfirmed path (turned on below).
	parameters = { authKey: AUTH_KEY, registerVodCallback: true, confirmWithApi: false };

	expect(await hook('checkExists')).toBe(false);
	expect(await hook('create')).toBe(true);
	const live = () => call('GetMessageCallback').then((r) => r.MessageCallback as IDataObject);
	expect(await live()).toEqual(
		expect.objectContaining({ CallbackType: 'HTTP', CallbackURL: receiver.webhookUrl, EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: AUTH_KEY }),
	);
	expect(await hook('checkExists')).toBe(true);

	// Two jobs -> two signed events -> two executions, one item each.
	const jobs = [await submitJob('video-a'), await submitJob('video-b')];
	await until('two events', () => (receiver.deliveries.filter((d) => d.executed).length >= 2 ? true : undefined));
	const items = receiver.deliveries.filter((d) => d.executed).map((d) => d.items[0].json);
	expect(items.map((i) => i.jobId).sort()).toEqual([...jobs].sort());
	for (const item of items) {
		expect(item).toEqual(expect.objectContaining({ status: 'success', eventTime: expect.stringMatching(/^\d{4}-.*\.\d{3}Z$/) }));
		expect((item.images as IDataObject[]).length).toBeGreaterThan(0);
	}
	expect(sb.callbacks.filter((c) => c.provider === 'vod').every((c) => c.headers?.['X-VOD-SIGNATURE'] !== undefined)).toBe(true);

	// The sandbox sends one event twice (VOD resend): the second delivery is answered 200 and not executed.
	sb.setFaults({ vod: { callback: { duplicateRate: 1 } } });
	receiver.deliveries.length = 0;
	parameters = { ...parameters, confirmWithApi: true };
	const third = await submitJob('video-c');
	await until('both copies', () => (receiver.deliveries.length >= 2 ? true : undefined));
	sb.clearFaults();
	expect(receiver.deliveries.map((d) => [d.status, d.executed])).toEqual([
		[200, true],
		[200, false],
	]);
	expect(receiver.deliveries[0].items[0].json).toEqual(expect.objectContaining({ jobId: third, confirmed: true, mediaId: 'video-c' }));
	expect(sb.requests.filter((r) => r.action === 'GetAIImageJobs')).toHaveLength(1);

	// A forged event (wrong key) over HTTP is refused.
	const forged = await fetch(receiver.webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-vod-timestamp': String(Math.floor(Date.now() / 1000)), 'x-vod-signature': '0'.repeat(32) },
		body: JSON.stringify({ EventType: 'AIImageComplete', JobId: 'x', Status: 'success' }),
	});
	expect(forged.status).toBe(401);

	// Deactivation puts the other integration's settings back.
	expect(await hook('delete')).toBe(true);
	expect(await live()).toEqual(expect.objectContaining(PREVIOUS));
	expect(receiver.state.staticData.vodRegistration).toBeUndefined();
});

test('registration is opt-in: without it, activation sends nothing', async () => {
	parameters = { authKey: AUTH_KEY };
	const before = sb.requests.length;
	expect(await hook('checkExists')).toBe(true);
	expect(await hook('create')).toBe(true);
	expect(await hook('delete')).toBe(true);
	expect(sb.requests.length).toBe(before);
});

test('deactivation leaves settings alone when someone re-pointed the callback meanwhile', async () => {
	parameters = { authKey: AUTH_KEY, registerVodCallback: true };
	expect(await hook('create')).toBe(true);
	await call('SetMessageCallback', { CallbackURL: 'http://127.0.0.1:9/new-owner' });
	expect(await hook('checkExists')).toBe(false);
	expect(await hook('delete')).toBe(true);
	expect(((await call('GetMessageCallback')).MessageCallback as IDataObject).CallbackURL).toBe('http://127.0.0.1:9/new-owner');
});

test('restore from a region with nothing configured: notifications are off again, GetMessageCallback as before but the URL', async () => {
	sb.reset();
	const live = () => call('GetMessageCallback').then((r) => r.MessageCallback as IDataObject);
	const before = await live();
	expect(before).toEqual(expect.objectContaining({ CallbackType: 'HTTP', EventTypeList: '', AuthSwitch: 'off' }));
	expect(before.CallbackURL).toBeUndefined();

	// Without an Auth Key activation now fails unless unsigned calls are chosen explicitly (the old default).
	parameters = { registerVodCallback: true, signatureCheck: 'off' };
	expect(await hook('create')).toBe(true);
	expect(await live()).toEqual(expect.objectContaining({ CallbackURL: receiver.webhookUrl, EventTypeList: 'AIComplete' }));
	expect(await hook('delete')).toBe(true);

	const restore = sb.requests.filter((r) => r.action === 'SetMessageCallback').at(-1);
	expect(restore).toEqual(expect.objectContaining({ status: 200, signature: 'ok' }));
	// SetMessageCallback cannot clear a URL (an empty CallbackURL is not a documented value); with EventTypeList
	// empty (= all off, vod-api.md §3.1) the URL left behind receives nothing.
	const { CallbackURL: leftUrl, ...after } = await live();
	expect(leftUrl).toBe(receiver.webhookUrl);
	expect(after).toEqual(before);
	expect(receiver.state.staticData.vodRegistration).toBeUndefined();

	receiver.deliveries.length = 0;
	const job = await submitJob('video-off');
	await until('job done', async () => {
		const jobs = (await call('GetAIImageJobs', { JobIds: job })).AIImageJobList as IDataObject[];
		return jobs[0]?.Status === 'success' ? true : undefined;
	});
	expect(sb.callbacks.filter((c) => c.provider === 'vod')).toEqual([]);
	expect(receiver.deliveries).toEqual([]);
});
