/** Holding back callbacks (sb.holdCallbacks / POST /_admin/callbacks/hold): nothing is sent or dropped while held; released, all are delivered. */
import { startSandbox, type Sandbox } from '../../sandbox';
import { DEMO_KEYS } from '../../sandbox/core/keys';
import { startReceiver, type Receiver } from './callback-receiver';
import { vodCall } from './vod-client';
import { waitFor } from './wait';

const key = { accessKeyId: DEMO_KEYS.vod[0].accessKeyId, secret: DEMO_KEYS.vod[0].secret };
let rx: Receiver;
let sb: Sandbox;

beforeAll(async () => {
	rx = await startReceiver();
	sb = await startSandbox({ port: 0, speed: 'fast' });
});
afterAll(async () => {
	await sb.stop();
	rx.stop();
});

const call = (action: string, params: Record<string, string> = {}) => vodCall({ endpoint: sb.vodEndpoint('cn-shanghai'), action, params, key });
const admin = async (method: string, body?: unknown) =>
	(await (await fetch(`${sb.url}/_admin/callbacks/hold`, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) })).json()) as { held: number };

test('held callbacks wait (none sent, none dropped) and are all delivered on release', async () => {
	await call('SetMessageCallback', { CallbackType: 'HTTP', CallbackURL: `${rx.url}/events`, EventTypeList: 'AIComplete' });
	const templates = (await call('ListAITemplate', { TemplateType: 'AIImage' })).json.TemplateInfoList as Array<{ TemplateId: string }>;
	expect(await admin('POST', { hold: true })).toEqual({ held: 0 });
	for (const video of ['held1', 'held2', 'held3']) {
		expect((await call('SubmitAIImageJob', { VideoId: video, AITemplateId: templates[0].TemplateId })).status).toBe(200);
	}
	await waitFor(() => (sb.heldCallbacks() === 3 ? true : undefined), 10_000, 'three held callbacks');
	expect((await admin('GET')).held).toBe(3);
	expect(rx.received).toHaveLength(0);
	expect(sb.callbacks).toHaveLength(0);

	expect(await admin('POST', { hold: false })).toEqual({ held: 0 });
	await waitFor(() => (sb.callbacks.filter((cb) => cb.status !== undefined).length === 3 ? true : undefined), 10_000, 'three deliveries');
	expect(rx.received).toHaveLength(3);
	expect(sb.callbacks.map((cb) => cb.status)).toEqual([200, 200, 200]);
});
