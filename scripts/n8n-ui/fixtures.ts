// The credentials and workflows the browser check imports before `n8n start` (n8n's CLI, as scripts/test-n8n.ts
// does): each credential type twice, pointing at the sandbox, once with the right and once with a wrong secret; one
// workflow of panels per provider; the same panels with the wrong secret for the pickers' error messages; and the
// example "VOD: submit and wait" whose template the check picks in the editor before running it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeTypeDescription } from 'n8n-workflow';

import { loadExample, nodeOfType, type ExampleWorkflow } from '../../demo/examples';
import type { Sandbox } from '../../sandbox';
import type { N8nInstance } from '../n8n-app';
import { credentialTypeOf, panelsOf, panelWorkflow, type Panel } from './panels';

export interface UiCredential {
	id: string;
	name: string;
	type: string;
	good: boolean;
}

/** The field holding each credential type's secret, replaced for the "wrong secret" credential. */
const SECRET_FIELD: Record<string, string> = { volcengineImageXApi: 'secretAccessKey', aliyunVodApi: 'accessKeySecret' };
/** The examples reference the sandbox credentials by these ids (examples/*.json). */
const EXAMPLE_ID: Record<string, string> = { volcengineImageXApi: 'sandbox-volcengine', aliyunVodApi: 'sandbox-aliyun-vod' };
const LABEL: Record<string, string> = { volcengineImageXApi: 'Volcengine veImageX', aliyunVodApi: 'Alibaba Cloud VOD' };

export const RUN_WORKFLOW = 'uiRun';
export const RUN_NODE_TYPE = 'aliyunVodAiImage';

export interface Fixtures {
	credentials: UiCredential[];
	/** Workflow id → its panels, in canvas order. */
	panelWorkflows: Array<{ id: string; panels: Panel[] }>;
	/** The same panels with wrong-secret credentials, one per distinct picker list method. */
	errorPanels: Array<{ panel: Panel; picker: string }>;
	runWorkflow: ExampleWorkflow;
}

function pickerMethod(panel: Panel, picker: string): string {
	const property = panel.description.properties.find((p) => p.name === picker);
	const list = property?.modes?.find((mode) => mode.name === 'list');
	return String(list?.typeOptions?.searchListMethod ?? picker);
}

export async function importFixtures(app: N8nInstance, sb: Sandbox, nodes: INodeTypeDescription[]): Promise<Fixtures> {
	const data: Record<string, object> = { volcengineImageXApi: sb.credentials.volcengine, aliyunVodApi: sb.credentials.aliyun };
	const credentials: UiCredential[] = Object.keys(data).flatMap((type) => [
		{ id: EXAMPLE_ID[type], name: `${LABEL[type]} (sandbox)`, type, good: true },
		{ id: `${EXAMPLE_ID[type]}-wrong-secret`, name: `${LABEL[type]} (wrong secret)`, type, good: false },
	]);
	const credentialFile = join(app.userFolder, 'ui-credentials.json');
	writeFileSync(
		credentialFile,
		JSON.stringify(credentials.map((c) => ({ id: c.id, name: c.name, type: c.type, data: { ...data[c.type], ...(c.good ? {} : { [SECRET_FIELD[c.type]]: 'a-wrong-secret' }) } }))),
	);
	const ref = (good: boolean) => (type: string) => {
		const found = credentials.find((c) => c.type === type && c.good === good)!;
		return { id: found.id, name: found.name };
	};

	// One workflow per provider: its action node's panels, then its trigger's.
	const providers = [...new Set(nodes.map(credentialTypeOf))];
	const panelWorkflows = providers.map((type) => ({
		id: `uiPanels-${type}`,
		panels: nodes.filter((d) => credentialTypeOf(d) === type).flatMap(panelsOf),
	}));

	const errorPanels: Fixtures['errorPanels'] = [];
	const seen = new Set<string>();
	for (const panel of panelWorkflows.flatMap((w) => w.panels)) {
		for (const picker of panel.pickers) {
			const method = `${panel.nodeType}:${pickerMethod(panel, picker)}`;
			if (seen.has(method)) continue;
			seen.add(method);
			errorPanels.push({ panel, picker });
		}
	}

	const runWorkflow = loadExample('vod-submit-and-wait');
	// The template is what the check picks in the editor, as a user would.
	nodeOfType(runWorkflow, RUN_NODE_TYPE).parameters.aiTemplateId = { __rl: true, mode: 'list', value: '' };

	const workflows = [
		...panelWorkflows.map((w) => panelWorkflow(w.id, `Panels: ${w.id.replace('uiPanels-', '')}`, w.panels, ref(true))),
		panelWorkflow('uiPickerErrors', 'Pickers with a wrong secret', [...new Set(errorPanels.map((e) => e.panel))], ref(false)),
		{ ...runWorkflow, id: RUN_WORKFLOW, active: false },
	];
	const workflowFile = join(app.userFolder, 'ui-workflows.json');
	writeFileSync(workflowFile, JSON.stringify(workflows));
	for (const [what, file] of [['credentials', credentialFile], ['workflow', workflowFile]]) {
		const result = await app.cli([`import:${what}`, `--input=${file}`]);
		if (result.code !== 0) throw new Error(`n8n import:${what} failed: ${(result.stderr || result.stdout).slice(-500)}`);
	}
	return { credentials, panelWorkflows, errorPanels, runWorkflow };
}
