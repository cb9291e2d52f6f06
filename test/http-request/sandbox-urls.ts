// The HTTP Request examples type the real provider hosts; tests and `npm run test:n8n` point them at the sandbox
// (same path and query, only the origin swapped for the credential's sandbox endpoint), so every signature is
// checked by the sandbox exactly as the cloud would check it.
import type { ExampleWorkflow } from '../../demo/examples';
import type { Sandbox } from '../../sandbox';

export const HTTP_REQUEST_EXAMPLES = ['http-request-volcengine', 'http-request-aliyun'] as const;

const REAL_ORIGINS = { volcengine: 'https://imagex.volcengineapi.com', aliyun: 'https://vod.cn-shanghai.aliyuncs.com' } as const;

export function httpRequestsToSandbox(wf: ExampleWorkflow, sb: Sandbox): ExampleWorkflow {
	const endpoints = { volcengine: String(sb.credentials.volcengine.endpoint), aliyun: String(sb.credentials.aliyun.endpoint) };
	for (const node of wf.nodes) {
		if (node.type !== 'n8n-nodes-base.httpRequest') continue;
		let url = String(node.parameters.url);
		for (const provider of ['volcengine', 'aliyun'] as const) {
			if (url.startsWith(REAL_ORIGINS[provider])) url = endpoints[provider] + url.slice(REAL_ORIGINS[provider].length);
		}
		node.parameters.url = url;
	}
	return wf;
}
