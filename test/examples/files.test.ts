// Every example workflow is importable as written: this package's node types (or n8n's Manual Trigger; in the
// http-request-* examples n8n's HTTP Request node v4.2 with one of this package's credentials),
// credentials referenced by type with the stable sandbox ids, webhook ids on triggers, documented in the README,
// and run by one of the flow tests next to this file (the list below fails when a new file is not covered).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLES_DIR, MANUAL_TRIGGER, PACKAGE_PREFIX, exampleFiles, loadExample } from '../../demo/examples';

/** Which test runs which example (veimagex.test.ts / vod.test.ts through the demo flows, http-request.test.ts). */
const RUN_BY = {
	'http-request-aliyun.json': 'http-request',
	'http-request-volcengine.json': 'http-request',
	'veimagex-callback-trigger.json': 'veimagex',
	'veimagex-create-queue.json': 'veimagex',
	'veimagex-list-queues.json': 'veimagex',
	'veimagex-submit-task.json': 'veimagex',
	'vod-callback-trigger.json': 'vod',
	'vod-list-templates.json': 'vod',
	'vod-submit-and-wait.json': 'vod',
	'vod-submit-jobs.json': 'vod',
	'veimagex-create-and-wait-for-callback.json': 'wait-for-callback',
	'vod-submit-and-wait-for-callback.json': 'wait-for-callback',
};
const HTTP_REQUEST = 'n8n-nodes-base.httpRequest';
const CREDENTIAL_IDS: Record<string, string> = { volcengineImageXApi: 'sandbox-volcengine', aliyunVodApi: 'sandbox-aliyun-vod' };

describe('examples/*.json', () => {
	test('every example is run by a flow test', () => {
		expect(exampleFiles()).toEqual(Object.keys(RUN_BY).sort());
	});

	const readme = readFileSync(join(EXAMPLES_DIR, '..', 'README.md'), 'utf8');
	const packageJson = JSON.parse(readFileSync(join(EXAMPLES_DIR, '..', 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[] } };

	test.each(exampleFiles())('%s is an importable n8n workflow of this package', (file) => {
		const wf = loadExample(file);
		expect(typeof wf.name).toBe('string');
		expect(wf.nodes.length).toBeGreaterThan(0);
		expect(PACKAGE_PREFIX).toBe(`${packageJson.name}.`);
		const names = new Set(wf.nodes.map((n) => n.name));
		expect(names.size).toBe(wf.nodes.length);
		for (const node of wf.nodes) {
			if (node.type === HTTP_REQUEST) {
				// n8n's own node, signed by this package's credential chosen as "Predefined Credential Type".
				expect(file.startsWith('http-request-')).toBe(true);
				expect(node.typeVersion).toBe(4.2);
				expect(node.parameters.authentication).toBe('predefinedCredentialType');
				expect(Object.keys(node.credentials ?? {})).toEqual([node.parameters.nodeCredentialType]);
			} else {
				expect(node.type === MANUAL_TRIGGER || node.type.startsWith(PACKAGE_PREFIX)).toBe(true);
				expect(node.typeVersion).toBe(1);
			}
			expect(typeof node.id).toBe('string');
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				expect(ref.id).toBe(CREDENTIAL_IDS[type]);
				expect(ref.name).toEqual(expect.any(String));
			}
			if (node.type.endsWith('Trigger') && node.type.startsWith(PACKAGE_PREFIX)) expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		}
		for (const [from, outputs] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of outputs.main?.flat() ?? []) expect(names.has(target!.node)).toBe(true);
		}
		for (const pinned of Object.keys(wf.pinData ?? {})) expect(names.has(pinned)).toBe(true);
		// Documented: the README names the file and says what it does.
		expect({ file, documentedInReadme: readme.includes(`\`examples/${file}\``) }).toEqual({ file, documentedInReadme: true });
	});
});
