import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { bufferBody, isStream } from './common/requestBody';
import type { N8nRequestOptions } from './common/signedRequest';
import { signVolcengineRequest, VOLCENGINE_DEFAULT_SERVICE } from './common/volcengineAuth';
import { VOLCENGINE_DEFAULT_REGION } from './common/endpoints';
import { accessKeyFields } from './common/fields';

export class VolcengineImageXApi implements ICredentialType {
	name = 'volcengineImageXApi';

	displayName = 'Volcengine veImageX API';

	documentationUrl = 'https://www.volcengine.com/docs/508/14106';

	icon = { light: 'file:../icons/volcengine.svg', dark: 'file:../icons/volcengine.dark.svg' } as const;

	properties: INodeProperties[] = [
		...accessKeyFields({
			idDescription: 'AccessKey ID from the Volcengine console (IAM > Access keys), usually starting with AKLT',
			secret: { displayName: 'Secret Access Key', name: 'secretAccessKey' },
			token: { displayName: 'Session Token', name: 'sessionToken', description: 'Only for temporary (STS) credentials; sent as the signed X-Security-Token header' },
		}),
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: VOLCENGINE_DEFAULT_REGION,
			options: [
				{ name: 'China North 1 (Beijing)', value: 'cn-north-1' },
				{ name: 'Asia Pacific Southeast 1 (Johor)', value: 'ap-southeast-1' },
				{ name: 'Asia Pacific Singapore 1 (Legacy)', value: 'ap-singapore-1' },
				{ name: 'US East 1 (Legacy)', value: 'us-east-1' },
			],
			description: 'Signing region; AI tasks and details exist only in cn-north-1',
		},
		{
			displayName: 'Endpoint Override',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8790/veimagex',
			description: 'Leave empty to use the region host. A path prefix is kept and signed.',
		},
		{
			displayName: 'Service Name',
			name: 'service',
			type: 'string',
			default: VOLCENGINE_DEFAULT_SERVICE,
			description: 'Service in the signature scope: imagex (Node SDK) or ImageX (Go/Python SDKs)',
		},
	];

	// A function, not a generic auth object: every request needs a fresh X-Date and a body hash. Receives this
	// package's node requests and the HTTP Request node's legacy shape (uri, form, streamed binary bodies).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const given = requestOptions as N8nRequestOptions;
		const options = isStream(given.body) ? await bufferBody(given) : given;
		return signVolcengineRequest(credentials, options, new Date());
	}
}
