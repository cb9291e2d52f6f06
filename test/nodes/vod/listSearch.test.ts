/**
 * The AI template resource-locator list. The harness runs executions only, so this drives the list method with a
 * minimal load-options context: the package's real credential signs, undici sends to the sandbox.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { request } from 'undici';

import { AliyunVodApi } from '../../../credentials/AliyunVodApi.credentials';
import { searchAiImageTemplates } from '../../../nodes/AliyunVodAiImage/methods/listSearch';
import type { Sandbox } from '../../../sandbox';
import { calls, credentialsFor, runVod, startVodSandbox } from './vodTestKit';

let sb: Sandbox;
beforeAll(async () => (sb = await startVodSandbox()));
afterAll(async () => await sb.stop());

function loadOptionsContext(credentials: ICredentialDataDecryptedObject): ILoadOptionsFunctions {
	const send = async (_type: string, options: IHttpRequestOptions) => {
		const signed = await new AliyunVodApi().authenticate(credentials, options);
		const response = await request(signed.url, { method: signed.method ?? 'GET', headers: signed.headers as Record<string, string>, body: signed.body as string | undefined });
		return { statusCode: response.statusCode, headers: response.headers, body: await response.body.json() };
	};
	return {
		getCredentials: async () => credentials,
		getNode: () => ({ id: 'n', name: 'VOD', type: 'aliyunVodAiImage', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: { httpRequestWithAuthentication: send },
	} as unknown as ILoadOptionsFunctions;
}

describe('searchAiImageTemplates', () => {
	it('lists AIImage templates, default first, filtered by name', async () => {
		await runVod(sb, { resource: 'template', operation: 'create', templateName: 'Alpha png', templateType: 'AIImage', format: 'png' });
		const context = loadOptionsContext(credentialsFor(sb).aliyunVodApi);
		const all = await searchAiImageTemplates.call(context);
		expect(all.results.length).toBe(2);
		expect(String(all.results[0].name)).toMatch(/\(default\)$/);
		expect(calls(sb, 'ListAITemplate').at(-1)?.params?.TemplateType).toBe('AIImage');
		const filtered = await searchAiImageTemplates.call(context, 'alpha');
		expect(filtered.results.map((r) => r.name)).toEqual(['Alpha png']);
	});

	it('refuses regions without AI templates before sending', async () => {
		const before = sb.requests.length;
		const context = loadOptionsContext({ ...credentialsFor(sb).aliyunVodApi, region: 'us-west-1', endpoint: sb.vodEndpoint('us-west-1') });
		await expect(searchAiImageTemplates.call(context)).rejects.toThrow(/Region/);
		expect(sb.requests.length).toBe(before);
	});

	it('a provider error names the list, the action and the provider code, says what to check, without secrets', async () => {
		const wrongSecret = 'wrong-vod-secret-value-123';
		const context = loadOptionsContext({ ...credentialsFor(sb).aliyunVodApi, accessKeySecret: wrongSecret });
		const error = await searchAiImageTemplates.call(context).then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);
		expect(error?.message).toMatch(/^Could not load the VOD AI templates: ListAITemplate failed: Alibaba Cloud VOD error SignatureDoesNotMatch: .+\. \S/);
		expect(error?.description).toBeTruthy();
		expect(error?.message.endsWith(String(error?.description))).toBe(true);
		expect(JSON.stringify({ message: error?.message, description: error?.description, error })).not.toContain(wrongSecret);
	});
});
