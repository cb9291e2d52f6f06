/**
 * Demo access keys accepted by default (documented in sandbox/README.md). They only open the local sandbox.
 * Pass `startSandbox({ keys })` to replace them.
 */
import type { AccessKeyRecord, ProviderName } from './provider';

export const DEMO_KEYS: Record<ProviderName, AccessKeyRecord[]> = {
	veimagex: [
		{ accessKeyId: 'AKLTsandboxdemo', secret: 'sandbox-demo-secret-volcengine', accountId: 'sandbox-volc' },
		{
			accessKeyId: 'AKTPsandboxsts',
			secret: 'sandbox-demo-sts-secret-volcengine',
			sessionTokens: ['sandbox-demo-sts-token-volcengine'],
			accountId: 'sandbox-volc',
		},
	],
	vod: [
		{ accessKeyId: 'LTAIsandboxdemo', secret: 'sandbox-demo-secret-aliyun', accountId: 'sandbox-aliyun' },
		{
			accessKeyId: 'STS.sandboxsts',
			secret: 'sandbox-demo-sts-secret-aliyun',
			sessionTokens: ['sandbox-demo-sts-token-aliyun'],
			accountId: 'sandbox-aliyun',
		},
	],
};
