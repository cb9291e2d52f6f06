import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { AliyunVodApi } from '../../../credentials/AliyunVodApi.credentials';
import { testCredential } from '../../shared/credentialTest';
import { getVodContext } from '../helpers/context';
import { vodRequest } from '../transport';

/** The credential modal's test: one ListAITemplate call (read-only) through the transport. */
export async function aliyunVodApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [data.accessKeySecret, data.securityToken].filter((value): value is string => typeof value === 'string' && value !== '');
	const signer = new AliyunVodApi();
	return await testCredential(this, credential, signer.authenticate.bind(signer), secrets, async (context) => {
		const vod = await getVodContext.call(context);
		const body = await vodRequest.call(context, vod, 'ListAITemplate', { TemplateType: 'AIImage' }, { kind: 'read' });
		const count = Array.isArray(body.TemplateInfoList) ? body.TemplateInfoList.length : 0;
		return `Connected: VOD answered ListAITemplate in region ${vod.region} (${count} AI image template(s))`;
	});
}
