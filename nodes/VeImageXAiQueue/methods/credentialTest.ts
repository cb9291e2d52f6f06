import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { VolcengineImageXApi } from '../../../credentials/VolcengineImageXApi.credentials';
import { volcengineRegion } from '../../../credentials/common/endpoints';
import { testCredential } from '../../shared/credentialTest';
import { credentialSecrets, veImageXRequest } from '../transport';

/** The credential modal's test: one GetImageAIProcessQueues call (read-only, every region) through the transport. */
export async function volcengineImageXApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const signer = new VolcengineImageXApi();
	return await testCredential(this, credential, signer.authenticate.bind(signer), credentialSecrets(data), async (context) => {
		const result = await veImageXRequest.call(context, 'GetImageAIProcessQueues', { Limit: 1 });
		const total = typeof result.Total === 'number' ? `, ${result.Total} queue(s)` : '';
		return `Connected: veImageX answered GetImageAIProcessQueues in region ${volcengineRegion(data)}${total}`;
	});
}
