// Set-up of the queue-mode run (scripts/test-n8n-queue.ts) before the n8n processes start: sandbox resources
// (AI templates, veImageX queues), the credentials and the workflows, imported into Postgres with the n8n CLI.
// Each CLI command boots n8n (tens of seconds on 2 busy cores): all workflows go in with one import, then
// `publish:workflow` per workflow, a few at a time; main activates the published ones when it starts.
// (`import:workflow --activeState=fromJson` would publish in the same command, but n8n 2.41 refuses it from the CLI
// before an owner exists: "User attempted to activate a workflow without permissions".)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { volcCall } from '../test/sandbox/volcengine-client';
import { vodCall } from '../test/sandbox/vod-client';
import type { QueueCluster } from './queue-cluster';
import { CREDENTIALS } from './queue-workflows';

async function cli(cluster: QueueCluster, args: string[]): Promise<void> {
	const result = await cluster.main.app.cli(args);
	if (result.code !== 0 || /Error updating database|Failed to/.test(result.stdout + result.stderr)) throw new Error(`n8n ${args[0]} failed (${result.code}): ${(result.stderr || result.stdout).slice(-1500)}`);
}

/** Credentials (VOD in two regions, see queue-workflows.ts) and the workflows (published), into Postgres. */
export async function importAll(cluster: QueueCluster, sb: Sandbox, workflows: Array<{ id: string }>): Promise<void> {
	const folder = cluster.main.app.userFolder;
	const vodIn = (region: string) => ({ ...sb.credentials.aliyun, region, endpoint: sb.vodEndpoint(region) });
	const creds = [
		{ ...CREDENTIALS.volcengine.volcengineImageXApi, type: 'volcengineImageXApi', data: sb.credentials.volcengine },
		{ ...CREDENTIALS.volcengineTrigger.volcengineImageXApi, type: 'volcengineImageXApi', data: sb.credentials.volcengine },
		{ ...CREDENTIALS.vodShanghai.aliyunVodApi, type: 'aliyunVodApi', data: vodIn('cn-shanghai') },
		{ ...CREDENTIALS.vodBeijing.aliyunVodApi, type: 'aliyunVodApi', data: vodIn('cn-beijing') },
	];
	writeFileSync(join(folder, 'creds.json'), JSON.stringify(creds));
	await cli(cluster, ['import:credentials', `--input=${join(folder, 'creds.json')}`]);
	const dir = join(folder, 'workflows');
	mkdirSync(dir, { recursive: true });
	for (const wf of workflows) writeFileSync(join(dir, `${wf.id}.json`), JSON.stringify({ ...wf, active: false }));
	await cli(cluster, ['import:workflow', '--separate', `--input=${dir}`]);
	const queue = workflows.map((wf) => wf.id);
	const publisher = async () => {
		for (let id = queue.shift(); id !== undefined; id = queue.shift()) await cli(cluster, ['publish:workflow', `--id=${id}`]);
	};
	await Promise.all([publisher(), publisher(), publisher()]);
}

export interface SandboxResources {
	/** Default AIImage template per region. */
	templates: Record<'cn-shanghai' | 'cn-beijing', string>;
	/** Scenario 2 (running), 3 (the trigger's), 4 (paused until the executions wait). */
	queues: { q2: string; q3: string; q4: string };
}

export async function sandboxResources(sb: Sandbox): Promise<SandboxResources> {
	const volc = { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey };
	const vodKey = { accessKeyId: sb.credentials.aliyun.accessKeyId, secret: sb.credentials.aliyun.accessKeySecret };
	const queue = async (name: string, running: boolean) => {
		const answer = await volcCall({ endpoint: sb.veimagexEndpoint, action: 'CreateImageAIProcessQueue', key: volc, body: { Name: name, Attribute: 'ai_super_resolution', IsStart: running } });
		const id = String(answer.json.Result?.QueueId ?? '');
		if (!id) throw new Error(`CreateImageAIProcessQueue ${name}: ${answer.text.slice(0, 300)}`);
		return id;
	};
	const template = async (region: string) => {
		const answer = await vodCall({ endpoint: sb.vodEndpoint(region), action: 'ListAITemplate', params: { TemplateType: 'AIImage' }, key: vodKey });
		const list = (answer.json.TemplateInfoList ?? []) as IDataObject[];
		const id = String(list.find((t) => t.IsDefault === 'Default')?.TemplateId ?? list[0]?.TemplateId ?? '');
		if (!id) throw new Error(`ListAITemplate ${region}: ${answer.text.slice(0, 300)}`);
		return id;
	};
	return {
		templates: { 'cn-shanghai': await template('cn-shanghai'), 'cn-beijing': await template('cn-beijing') },
		queues: { q2: await queue('queue-mode-2', true), q3: await queue('queue-mode-3-trigger', true), q4: await queue('queue-mode-4-wait', false) },
	};
}

/** Scenario 4's VOD jobs report to their resume URLs only when the region's callback is HTTP with AIComplete. */
export async function enableVodCallbacks(sb: Sandbox, region: string, authKey: string, defaultUrl: string): Promise<void> {
	const answer = await vodCall({
		endpoint: sb.vodEndpoint(region),
		action: 'SetMessageCallback',
		params: { CallbackType: 'HTTP', CallbackURL: defaultUrl, EventTypeList: 'AIComplete', AuthSwitch: 'on', AuthKey: authKey },
		key: { accessKeyId: sb.credentials.aliyun.accessKeyId, secret: sb.credentials.aliyun.accessKeySecret },
	});
	if (answer.status !== 200) throw new Error(`SetMessageCallback ${region}: ${answer.text.slice(0, 300)}`);
}

export async function startQueue(sb: Sandbox, queueId: string): Promise<void> {
	const key = { accessKeyId: sb.credentials.volcengine.accessKeyId, secret: sb.credentials.volcengine.secretAccessKey };
	await volcCall({ endpoint: sb.veimagexEndpoint, action: 'UpdateImageAIProcessQueueStatus', key, body: { Id: queueId, Status: 'Running' } });
}
