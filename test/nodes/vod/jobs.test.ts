/** Job resource on the harness against the VOD sandbox: submit, get, wait, batching, UserData, binaries. */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import { DEMO_KEYS } from '../../../sandbox/core/keys';
import { calls, defaultTemplateId, runVod, startVodSandbox, submitParams, videos } from './vodTestKit';

let sb: Sandbox;
let templateId: string;

beforeAll(async () => {
	sb = await startVodSandbox();
	templateId = await defaultTemplateId(sb);
});
afterAll(async () => await sb.stop());
beforeEach(() => {
	sb.clearFaults();
	sb.setQuota({ enabled: true, limits: { vod: { SubmitAIImageJob: 30, GetAIImageJobs: 30 } } });
});

describe('Job > Submit', () => {
	it('submits one job per item with UserData built from Callback URL and Extend', async () => {
		const before = calls(sb, 'SubmitAIImageJob').length;
		const { items, error } = await runVod(
			sb,
			submitParams(templateId, {
				additionalFields: { callbackUrl: 'https://n8n.example.com/webhook/vod-ai', extend: '{"orderId":"o-1"}', aiPipelineId: 'pipe-1' },
			}),
			videos(3),
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.JobId).toMatch(/^[0-9a-f]+$/);
			expect(item.json.VideoId).toBe(`video00${index}`);
			expect(item.json.UserData).toEqual({ MessageCallback: { CallbackURL: 'https://n8n.example.com/webhook/vod-ai', CallbackType: 'http' }, Extend: { orderId: 'o-1' } });
		});
		const sent = calls(sb, 'SubmitAIImageJob').slice(before);
		expect(sent).toHaveLength(3);
		expect(sent.every((entry) => entry.signature === 'ok' && entry.status === 200)).toBe(true);
		expect(sent[0].params).toMatchObject({ AIPipelineId: 'pipe-1', AITemplateId: templateId });
		// Get returns UserData and TemplateConfig parsed from their JSON strings.
		const got = await runVod(sb, { resource: 'job', operation: 'get', jobIds: '={{ $json.JobId }}' }, items.map((item) => item.json));
		expect(got.items[2].json).toMatchObject({
			JobId: items[2].json.JobId,
			UserData: { MessageCallback: { CallbackURL: 'https://n8n.example.com/webhook/vod-ai', CallbackType: 'http' }, Extend: { orderId: 'o-1' } },
			TemplateConfig: { Format: 'gif' },
		});
	});

	it('refuses an Extend that is not JSON or not an object, naming the field, before sending anything', async () => {
		const before = sb.requests.length;
		const notJson = await runVod(sb, submitParams(templateId, { additionalFields: { extend: '{orderId: 1}' } }), videos(1));
		expect(notJson.error?.message).toMatch(/^Extend: is not valid JSON \(.+\)$/);
		expect(notJson.error?.description).toMatch(/^Enter a JSON object, e\.g\. \{"orderId":"123"\}\. Use double-quoted keys/);
		const list = await runVod(sb, submitParams(templateId, { additionalFields: { extend: '["o-1"]' } }), videos(1));
		expect(list.error?.message).toBe('Extend: must be a JSON object');
		expect(sb.requests.length).toBe(before);
	});

	it('refuses UserData of 513 bytes before sending anything, naming the size', async () => {
		const before = sb.requests.length;
		// {"Extend":{"k":"<pad>"}} is 19 bytes + pad.
		const extend = JSON.stringify({ k: 'x'.repeat(513 - 19) });
		expect(Buffer.byteLength(JSON.stringify({ Extend: JSON.parse(extend) }))).toBe(513);
		const { error } = await runVod(sb, submitParams(templateId, { additionalFields: { extend } }), videos(2));
		expect(error?.message).toContain('513 bytes');
		expect(error?.message).toContain('512');
		expect(sb.requests.length).toBe(before);
		// 512 bytes exactly is accepted.
		const ok = JSON.stringify({ k: 'x'.repeat(512 - 19) });
		const accepted = await runVod(sb, submitParams(templateId, { additionalFields: { extend: ok } }), videos(1));
		expect(accepted.error).toBeUndefined();
		expect(calls(sb, 'SubmitAIImageJob').at(-1)?.status).toBe(200);
	});

	it('validates every item first: one bad item stops the run before any submit', async () => {
		const before = sb.requests.length;
		const { error } = await runVod(sb, submitParams(templateId), [{ videoId: 'v1' }, { videoId: '' }, { videoId: 'v3' }]);
		expect(error?.message).toMatch(/Video ID/);
		expect(sb.requests.length).toBe(before);
		const cont = await runVod(sb, submitParams(templateId), [{ videoId: 'v1' }, { videoId: '' }], { continueOnFail: true });
		expect(cont.items).toHaveLength(2);
		expect(cont.items[0].json.JobId).toBeDefined();
		expect(cont.items[1].json.error).toMatch(/Video ID/);
		expect(cont.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('a provider error without Continue On Fail names the jobs already submitted, so a re-run can avoid duplicates', async () => {
		const { error } = await runVod(sb, submitParams(templateId), [{ videoId: 'okA' }, { videoId: 'okB' }, { videoId: 'no.such.video' }]);
		expect(error?.message).toMatch(/InvalidVideo\.NotFound/);
		expect(error?.description).toMatch(/already created 2 job\(s\).*: item 0: [0-9a-f]+, item 1: [0-9a-f]+\.$/);
	});

	it('absorbs throttling: every item submitted exactly once, none lost', async () => {
		// The account quota is far below the node's pacing, so most first attempts are throttled.
		sb.setQuota({ enabled: true, limits: { vod: { SubmitAIImageJob: 4 } } });
		const before = calls(sb, 'SubmitAIImageJob').length;
		const input = videos(12).map((v, i) => ({ videoId: `throttle${i}` }));
		const { items, error } = await runVod(sb, submitParams(templateId), input);
		expect(error).toBeUndefined();
		const sent = calls(sb, 'SubmitAIImageJob').slice(before);
		expect(sent.some((entry) => entry.throttled)).toBe(true);
		const accepted = sent.filter((entry) => entry.status === 200);
		expect(accepted).toHaveLength(12);
		// Zero duplicates: each video was accepted once, and each item got its own job.
		expect(new Set(accepted.map((entry) => entry.params?.VideoId)).size).toBe(12);
		expect(new Set(items.map((item) => item.json.JobId)).size).toBe(12);
		items.forEach((item, index) => expect(item.json.VideoId).toBe(`throttle${index}`));
	});

	it('Continue On Fail: a failing item among good ones (provider error, failing expression) is its own error item; secrets stay out', async () => {
		const sts = DEMO_KEYS.vod[1];
		const token = sts.sessionTokens?.[0] as string;
		const credentials = { accessKeyId: sts.accessKeyId, accessKeySecret: sts.secret, securityToken: token };
		const before = calls(sb, 'SubmitAIImageJob').length;
		// Item 1: the provider refuses the video; item 3: the field resolves to nothing; item 4: the expression throws.
		const { items, error } = await runVod(
			sb,
			submitParams(templateId, { videoId: '={{ $json.fail ? $("No such node").item.json.x : $json.videoId }}', waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.05 } }),
			[{ videoId: 'good0' }, { videoId: 'no.such.video' }, { videoId: 'good2' }, {}, { fail: true }, { videoId: 'good5' }],
			{ continueOnFail: true, credentials },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(6);
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		expect(String(items[1].json.error)).toMatch(/InvalidVideo\.NotFound.*RequestId/);
		expect(String(items[3].json.error)).toMatch(/Video ID: is empty/);
		expect(String(items[4].json.error)).toMatch(/Referenced node doesn.t exist/);
		for (const index of [0, 2, 5]) expect(items[index].json).toMatchObject({ VideoId: `good${index}`, state: 'succeeded' });
		expect(calls(sb, 'SubmitAIImageJob').slice(before).map((entry) => entry.params?.VideoId).sort()).toEqual(['good0', 'good2', 'good5', 'no.such.video']);
		const serialised = JSON.stringify(items, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message, description: (value as { description?: unknown }).description } : value));
		expect(serialised).not.toContain(token);
		expect(serialised).not.toContain(sts.secret);
	});

	it('never repeats a submit after an ambiguous 5xx; does when the user opts in', async () => {
		sb.setFaults({ vod: { SubmitAIImageJob: { http5xxRate: 1 } } });
		const before = calls(sb, 'SubmitAIImageJob').length;
		const { items, error } = await runVod(sb, submitParams(templateId), [{ videoId: 'amb1' }], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(calls(sb, 'SubmitAIImageJob').length - before).toBe(1);
		expect(items[0].json.error).toMatch(/InternalError/);
		const optIn = calls(sb, 'SubmitAIImageJob').length;
		await runVod(sb, submitParams(templateId, { options: { retryUncertain: true } }), [{ videoId: 'amb2' }], { continueOnFail: true });
		expect(calls(sb, 'SubmitAIImageJob').length - optIn).toBeGreaterThan(1);
	});

	it('a dropped connection after sending is ambiguous: the submit is not repeated unless opted in', async () => {
		sb.setFaults({ vod: { SubmitAIImageJob: { resetRate: 1 } } });
		const before = calls(sb, 'SubmitAIImageJob').length;
		const { items } = await runVod(sb, submitParams(templateId), [{ videoId: 'reset1' }], { continueOnFail: true });
		expect(calls(sb, 'SubmitAIImageJob').length - before).toBe(1);
		expect(items[0].json.error).toBeDefined();
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const optIn = calls(sb, 'SubmitAIImageJob').length;
		await runVod(sb, submitParams(templateId, { options: { retryUncertain: true } }), [{ videoId: 'reset2' }], { continueOnFail: true });
		expect(calls(sb, 'SubmitAIImageJob').length - optIn).toBeGreaterThan(1);
	});

	it('submit and wait: some jobs fail, the others carry parsed results', async () => {
		const failing = await startVodSandbox({ failureRate: 0.4, seed: 11 });
		try {
			const template = await defaultTemplateId(failing);
			const { items, error } = await runVod(
				failing,
				submitParams(template, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.1, timeoutSeconds: 20 } }),
				videos(25),
			);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(25);
			// Polling overlaps submitting (25 submits at 30/s take > 0.8 s, rounds come every 0.1 s), and while
			// JobIds are still coming every call is a full one of 10.
			const lastSubmit = calls(failing, 'SubmitAIImageJob').at(-1)?.at as number;
			const early = calls(failing, 'GetAIImageJobs').filter((entry) => entry.at < lastSubmit);
			expect(early.length).toBeGreaterThan(0);
			expect(early.every((entry) => String(entry.params?.JobIds).split(',').length === 10)).toBe(true);
			const states = items.map((item) => item.json.state);
			expect(states).toContain('failed');
			expect(states).toContain('succeeded');
			for (const [index, item] of items.entries()) {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json.VideoId).toBe(videos(25)[index].videoId);
				if (item.json.state === 'failed') {
					expect(item.json.Status).toBe('fail');
					expect(item.json.Code).toBeTruthy();
					expect(item.json.AIImageResult).toEqual([]);
				} else {
					const images = item.json.AIImageResult as Array<{ score: number; url: string }>;
					expect(images.length).toBeGreaterThan(0);
					expect(typeof images[0].score).toBe('number');
					expect(images[0].url).toMatch(/^http/);
					expect(item.json.TemplateConfig).toEqual({ Format: 'gif', SetDefaultCover: 'true' });
				}
			}
			// With "Fail Item When Job Fails" the failed ones become error items.
			const strict = await runVod(
				failing,
				submitParams(template, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.1, errorOnFailedJob: true } }),
				videos(25), // 25 jobs at a 0.4 failure rate: "none failed" has a chance of 3e-6 whatever the timing
				{ continueOnFail: true },
			);
			const errors = strict.items.filter((item) => item.json.error);
			expect(errors.length).toBeGreaterThan(0);
			expect(String(errors[0].json.error)).toMatch(/failed/);
		} finally {
			await failing.stop();
		}
	});
});

describe('Job > Get and Wait for Completion', () => {
	it('a malformed JobId is refused before sending (it would fail its whole batch of 10)', async () => {
		const before = sb.requests.length;
		const { items } = await runVod(sb, { resource: 'job', operation: 'get', jobIds: '={{ $json.id }}' }, [{ id: 'abc; DROP' }, { id: '' }], { continueOnFail: true });
		expect(String(items[0].json.error)).toMatch(/Job IDs: "abc;" is not a JobId/);
		expect(String(items[1].json.error)).toMatch(/Job IDs: no JobId given/);
		expect(sb.requests.length).toBe(before);
	});

	it('Get with Continue On Fail: a malformed id fails only its item, an unknown id does not sink its batch of 10', async () => {
		const submitted = await runVod(sb, submitParams(templateId), videos(9));
		const ids = submitted.items.map((item) => String(item.json.JobId));
		const before = calls(sb, 'GetAIImageJobs').length;
		const input = [...ids.slice(0, 4).map((id) => ({ id })), { id: 'ffffffffffffffffffffffffffffffff' }, { id: 'bad id;' }, ...ids.slice(4).map((id) => ({ id }))];
		const { items, error } = await runVod(sb, { resource: 'job', operation: 'get', jobIds: '={{ $json.id }}' }, input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(11);
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
		// The 10 well-formed ids (9 real + 1 unknown) went out in one call.
		const sent = calls(sb, 'GetAIImageJobs').slice(before);
		expect(sent).toHaveLength(1);
		expect(String(sent[0].params?.JobIds).split(',')).toHaveLength(10);
		expect(String(items[5].json.error)).toMatch(/Job IDs: "id;" is not a JobId/);
		expect(items[4].json).toMatchObject({ JobId: 'ffffffffffffffffffffffffffffffff', listed: false });
		const good = items.filter((_, index) => index !== 4 && index !== 5);
		expect(good.map((item) => item.json.JobId)).toEqual(ids);
		expect(good.every((item) => item.json.VideoId && item.json.Status)).toBe(true);
	});

	it('throttled reads are retried, each attempt with a fresh nonce, nothing lost', async () => {
		const submitted = await runVod(sb, submitParams(templateId), videos(60));
		const ids = submitted.items.map((item) => String(item.json.JobId));
		// The account allows far fewer reads than the node paces for, so first attempts are throttled.
		sb.setQuota({ enabled: true, limits: { vod: { GetAIImageJobs: 2 } } });
		const before = calls(sb, 'GetAIImageJobs').length;
		const { items, error } = await runVod(sb, { resource: 'job', operation: 'get', jobIds: '={{ $json.JobId }}' }, submitted.items.map((item) => item.json), {
			credentials: { signatureScheme: 'HMAC-SHA1' },
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.JobId)).toEqual(ids);
		const sent = calls(sb, 'GetAIImageJobs').slice(before);
		expect(sent.some((entry) => entry.throttled)).toBe(true);
		expect(sent.filter((entry) => entry.status === 200)).toHaveLength(6);
		const nonces = sent.map((entry) => entry.params?.SignatureNonce);
		expect(new Set(nonces).size).toBe(sent.length);
	});

	it('several ids per item come back as { jobs }; a missing id is reported as not listed', async () => {
		const submitted = await runVod(sb, submitParams(templateId), videos(3));
		const ids = submitted.items.map((item) => item.json.JobId as string);
		const { items } = await runVod(sb, { resource: 'job', operation: 'get', jobIds: `${ids[0]}, ${ids[1]},${ids[2]},ffffffffffffffff` });
		expect((items[0].json.jobs as IDataObject[]).map((job) => job.JobId)).toEqual([...ids, 'ffffffffffffffff']);
		expect((items[0].json.jobs as IDataObject[])[3]).toMatchObject({ listed: false, state: 'running' });
	});

	it('95 jobs: Get uses exactly 10 calls; waiting polls with exactly 10 calls per round', async () => {
		// Jobs that take 20 s here, so every round sees all 95 still running.
		const slow = await startVodSandbox({ vod: { jobDurationMs: 20_000_000 } });
		try {
			const template = await defaultTemplateId(slow);
			const submitted = await runVod(slow, submitParams(template), videos(95));
			const ids = submitted.items.map((item) => item.json.JobId as string);

			// Get: 95 items -> exactly 10 GetAIImageJobs calls, each result matched back to its item.
			const got = await runVod(slow, { resource: 'job', operation: 'get', jobIds: '={{ $json.JobId }}' }, submitted.items.map((item) => item.json));
			expect(got.error).toBeUndefined();
			const getCalls = calls(slow, 'GetAIImageJobs');
			expect(getCalls).toHaveLength(10);
			expect(getCalls.every((entry) => String(entry.params?.JobIds).split(',').length <= 10)).toBe(true);
			expect(got.items).toHaveLength(95);
			got.items.forEach((item, index) => {
				expect(item.json.JobId).toBe(ids[index]);
				expect(item.json.Status).toBe('processing');
				expect(item.json.state).toBe('running');
				expect(item.pairedItem).toEqual({ item: index });
			});
			slow.requests.length = 0;

			const { items, error } = await runVod(
				slow,
				{ resource: 'job', operation: 'waitForCompletion', jobIds: '={{ $json.JobId }}', waitOptions: { pollIntervalSeconds: 0.2, timeoutSeconds: 1, onTimeout: 'output' } },
				submitted.items.map((item) => item.json),
			);
			expect(error).toBeUndefined();
			const polls = calls(slow, 'GetAIImageJobs');
			expect(polls.length % 10).toBe(0);
			const rounds = polls.length / 10;
			expect(rounds).toBeGreaterThanOrEqual(2);
			for (let round = 0; round < rounds; round++) {
				const batch = polls.slice(round * 10, round * 10 + 10).flatMap((entry) => String(entry.params?.JobIds).split(','));
				expect(batch.sort()).toEqual([...ids].sort());
			}
			expect(items.every((item) => item.json.timedOut === true && item.json.state === 'running')).toBe(true);
			// Default "On Timeout" = error.
			const strict = await runVod(
				slow,
				{ resource: 'job', operation: 'waitForCompletion', jobIds: ids[0], waitOptions: { pollIntervalSeconds: 0.2, timeoutSeconds: 0.5 } },
			);
			expect(strict.error?.message).toMatch(/still running/);
		} finally {
			await slow.stop();
		}
	});

	it('downloads the result images into binary data', async () => {
		const { items, error } = await runVod(
			sb,
			submitParams(templateId, { waitForCompletion: true, waitOptions: { pollIntervalSeconds: 0.1, downloadImages: true, binaryPropertyPrefix: 'thumb_' } }),
			videos(2),
		);
		expect(error).toBeUndefined();
		for (const item of items) {
			const images = item.json.AIImageResult as Array<{ url: string }>;
			expect(Object.keys(item.binary ?? {})).toHaveLength(images.length);
			const first = item.binary?.thumb_0;
			expect(first?.mimeType).toBe('image/gif');
			const bytes = Buffer.from(first?.data ?? '', 'base64');
			expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
			expect(bytes.equals(sb.files(images[0].url) as Buffer)).toBe(true);
		}
	});
});

describe('Region guard', () => {
	it('refuses job operations outside cn-shanghai / cn-beijing before any request', async () => {
		const before = sb.requests.length;
		const { error } = await runVod(sb, submitParams(templateId), videos(1), { credentials: { region: 'ap-southeast-1', endpoint: sb.vodEndpoint('ap-southeast-1') } });
		expect(error?.message).toMatch(/Region/);
		expect(error?.description).toMatch(/cn-shanghai, cn-beijing/);
		const get = await runVod(sb, { resource: 'image', operation: 'getMany', videoId: 'v' }, [{}, {}], {
			credentials: { region: 'eu-central-1', endpoint: sb.vodEndpoint('eu-central-1') },
			continueOnFail: true,
		});
		expect(get.items).toHaveLength(2);
		expect(String(get.items[1].json.error)).toMatch(/Region/);
		expect(sb.requests.length).toBe(before);
		// Templates are also offered in Singapore.
		const templates = await runVod(sb, { resource: 'template', operation: 'getMany', templateType: 'AIImage' }, [{}], {
			credentials: { region: 'ap-southeast-1', endpoint: sb.vodEndpoint('ap-southeast-1') },
		});
		expect(templates.error).toBeUndefined();
	});
});
