import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { VolcengineImageXApi } from '../../credentials/VolcengineImageXApi.credentials';
import { volcengineBaseUrl } from '../../credentials/common/endpoints';
import { signVolcengineRequest } from '../../credentials/common/volcengineAuth';
import { parseVolcengineAuthorization, sha256Hex } from '../../credentials/common/signing';
import { reverifyVolcengine } from './reverify';

const SECRET = 'volc-secret-key-for-tests';
const creds: ICredentialDataDecryptedObject = {
	accessKeyId: 'AKLTtest',
	secretAccessKey: SECRET,
	sessionToken: '',
	region: 'cn-north-1',
	endpoint: 'http://127.0.0.1:8790/veimagex',
	service: 'imagex',
};
const NOW = new Date('2025-07-28T08:12:37Z');

function sign(options: Partial<IHttpRequestOptions>, overrides: ICredentialDataDecryptedObject = {}) {
	return signVolcengineRequest({ ...creds, ...overrides }, { url: '/', ...options } as IHttpRequestOptions, NOW);
}

describe('volcengineImageXApi authenticate', () => {
	it('puts the strictly encoded canonical query on the wire and removes qs/baseURL', () => {
		const req = sign({ method: 'GET', qs: { Action: 'GetImageAITasks', Version: '2023-05-01', SearchPtn: 'a b*' } });
		expect(req.url).toBe(
			'http://127.0.0.1:8790/veimagex?Action=GetImageAITasks&SearchPtn=a%20b%2A&Version=2023-05-01',
		);
		expect(req.qs).toBeUndefined();
		expect(req.baseURL).toBeUndefined();
		expect(req.body).toBeUndefined();
		expect(req.headers?.['X-Content-Sha256']).toBe(sha256Hex(''));
		expect(req.headers?.['X-Date']).toBe('20250728T081237Z');
		expect(reverifyVolcengine(req, SECRET)).toBe(true);
	});

	it('signs host;x-content-sha256;x-date and not content-type', () => {
		const req = sign({ method: 'POST', qs: { Action: 'CreateImageAIProcessQueue', Version: '2023-05-01' }, body: { Name: 'q' } });
		const auth = parseVolcengineAuthorization(String(req.headers?.Authorization))!;
		expect(auth.signedHeaders).toEqual(['host', 'x-content-sha256', 'x-date']);
		expect(auth.service).toBe('imagex');
		expect(auth.region).toBe('cn-north-1');
	});

	it('sends the object body as the exact JSON string it hashed, with Content-Type application/json', () => {
		const body = { Name: '队列 1', IsStart: false, CallbackConf: { Method: 'HTTP', Endpoint: 'https://x/cb?a=1' } };
		const req = sign({ method: 'POST', qs: { Action: 'CreateImageAIProcessQueue', Version: '2023-05-01' }, body });
		expect(typeof req.body).toBe('string');
		expect(req.body).toBe(JSON.stringify(body));
		expect(req.headers?.['X-Content-Sha256']).toBe(sha256Hex(req.body as string));
		expect(req.headers?.['Content-Type']).toBe('application/json');
		expect(reverifyVolcengine(req, SECRET)).toBe(true);
	});

	it('drops undefined qs and header values, keeps repeated keys', () => {
		const req = sign({
			method: 'GET',
			qs: { Action: 'GetImageAIDetails', Version: '2023-05-01', TaskId: undefined, Status: ['Success', 'Fail'] },
			headers: { 'X-Custom': undefined, Accept: 'application/json' },
		});
		expect(req.url).toContain('?Action=GetImageAIDetails&Status=Fail&Status=Success&Version=2023-05-01');
		expect(req.url).not.toContain('TaskId');
		expect(Object.keys(req.headers ?? {})).not.toContain('X-Custom');
		expect(reverifyVolcengine(req, SECRET)).toBe(true);
	});

	it('signs the STS token header', () => {
		const req = sign({ method: 'GET', qs: { Action: 'GetImageAIProcessQueues', Version: '2023-05-01' } }, { sessionToken: 'STS2token' });
		expect(req.headers?.['X-Security-Token']).toBe('STS2token');
		expect(parseVolcengineAuthorization(String(req.headers?.Authorization))!.signedHeaders).toContain('x-security-token');
		expect(reverifyVolcengine(req, SECRET)).toBe(true);
		// Tampering with the token breaks verification.
		expect(reverifyVolcengine({ ...req, headers: { ...req.headers, 'X-Security-Token': 'other' } }, SECRET)).toBe(false);
	});

	it('resolves relative urls under an endpoint path and absolute urls from the HTTP Request node', () => {
		const sub = sign({ method: 'GET', url: 'sub/path', qs: { Action: 'X', Version: 'v' } });
		expect(sub.url).toBe('http://127.0.0.1:8790/veimagex/sub/path?Action=X&Version=v');
		expect(reverifyVolcengine(sub, SECRET)).toBe(true);
		const abs = sign({ method: 'GET', url: 'https://imagex.volcengineapi.com/?Version=2023-05-01&Action=GetImageAIProcessQueues', qs: { Limit: 1 } });
		expect(abs.url).toBe('https://imagex.volcengineapi.com/?Action=GetImageAIProcessQueues&Limit=1&Version=2023-05-01');
		expect(reverifyVolcengine(abs, SECRET)).toBe(true);
	});

	it('uses the region host when no endpoint is set', () => {
		expect(volcengineBaseUrl({ region: 'ap-southeast-1' })).toBe('https://imagex.ap-southeast-1.volcengineapi.com');
		expect(volcengineBaseUrl({ region: 'ap-singapore-1' })).toBe('https://imagex-ap-singapore-1.volcengineapi.com');
		expect(volcengineBaseUrl({ region: 'us-east-1' })).toBe('https://imagex-us-east-1.volcengineapi.com');
		const req = sign({ method: 'GET', qs: { Action: 'X' } }, { endpoint: '', region: 'cn-north-1' });
		expect(req.url).toBe('https://imagex.volcengineapi.com/?Action=X');
		expect(reverifyVolcengine(req, SECRET)).toBe(true);
	});

	it('detects a wrong secret and a changed body', () => {
		const req = sign({ method: 'POST', qs: { Action: 'A', Version: 'v' }, body: { a: 1 } });
		expect(reverifyVolcengine(req, 'wrong')).toBe(false);
		expect(reverifyVolcengine({ ...req, body: '{"a":2}' }, SECRET)).toBe(false);
	});

	it('never puts the secret in the request', () => {
		const req = sign({ method: 'POST', qs: { Action: 'A' }, body: { a: 1 } });
		expect(JSON.stringify(req)).not.toContain(SECRET);
	});

	it('the credential class signs through authenticate, including the credential test\'s request', async () => {
		const credential = new VolcengineImageXApi();
		expect(credential.name).toBe('volcengineImageXApi');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'accessKeyId', 'secretAccessKey', 'sessionToken', 'region', 'endpoint', 'service',
		]);
		const testRequest: IHttpRequestOptions = { method: 'GET', url: '/', qs: { Action: 'GetImageAIProcessQueues', Version: '2023-05-01', Limit: 1 } };
		const req = await credential.authenticate(creds, { ...testRequest });
		expect(req.url).toBe('http://127.0.0.1:8790/veimagex?Action=GetImageAIProcessQueues&Limit=1&Version=2023-05-01');
		expect(reverifyVolcengine(req, SECRET)).toBe(true);
	});
});
