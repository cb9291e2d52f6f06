import { randomUUID } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { signAliyunRequest } from './common/aliyunAuth';
import { bufferBody, isStream } from './common/requestBody';
import type { N8nRequestOptions } from './common/signedRequest';
import { VOD_DEFAULT_REGION } from './common/endpoints';
import { accessKeyFields } from './common/fields';

export class AliyunVodApi implements ICredentialType {
	name = 'aliyunVodApi';

	displayName = 'Alibaba Cloud VOD API';

	documentationUrl = 'https://www.alibabacloud.com/help/en/vod/developer-reference/api-vod-2017-03-21-submitaiimagejob';

	icon = { light: 'file:../icons/aliyun.svg', dark: 'file:../icons/aliyun.dark.svg' } as const;

	properties: INodeProperties[] = [
		...accessKeyFields({
			idDescription: 'AccessKey ID of a RAM user with VOD permissions (an STS.… ID for temporary credentials)',
			secret: { displayName: 'Access Key Secret', name: 'accessKeySecret' },
			token: { displayName: 'Security Token', name: 'securityToken', description: 'Only for temporary (STS) credentials; signed with every request' },
		}),
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: VOD_DEFAULT_REGION,
			options: [
				{ name: 'China (Shanghai)', value: 'cn-shanghai' },
				{ name: 'China (Beijing)', value: 'cn-beijing' },
				{ name: 'Singapore (Templates Only)', value: 'ap-southeast-1' },
				{ name: 'China (Shenzhen)', value: 'cn-shenzhen' },
				{ name: 'China (Hong Kong)', value: 'cn-hongkong' },
				{ name: 'Japan (Tokyo)', value: 'ap-northeast-1' },
				{ name: 'Indonesia (Jakarta)', value: 'ap-southeast-5' },
				{ name: 'US (Silicon Valley)', value: 'us-west-1' },
				{ name: 'Germany (Frankfurt)', value: 'eu-central-1' },
				{ name: 'UAE (Dubai)', value: 'me-central-1' },
			],
			description: 'AI image jobs run only in Shanghai and Beijing; AI templates also in Singapore',
		},
		{
			displayName: 'Endpoint Override',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8790/vod/cn-shanghai',
			description: 'Leave empty to use vod.<region>.aliyuncs.com. A path prefix is kept and signed.',
		},
		{
			displayName: 'Signature Scheme',
			name: 'signatureScheme',
			type: 'options',
			default: 'ACS3-HMAC-SHA256',
			options: [
				{ name: 'ACS3-HMAC-SHA256 (V3, Recommended)', value: 'ACS3-HMAC-SHA256' },
				{ name: 'HMAC-SHA1 (RPC, Legacy)', value: 'HMAC-SHA1' },
			],
		},
	];

	// Fresh nonce and timestamp on every call, so a retried request is never rejected as SignatureNonceUsed.
	// Receives this package's node requests and the HTTP Request node's legacy shape (uri, form, streamed bodies).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const given = requestOptions as N8nRequestOptions;
		const options = isStream(given.body) ? await bufferBody(given) : given;
		return signAliyunRequest(credentials, options, new Date(), randomUUID());
	}
}
