// Drives the REAL n8n app (installed by scripts/n8n-app-install.sh) against the sandbox with the example
// workflows, the way a user would: the built package installed as a community package, credentials and
// workflows imported with the CLI, action workflows run with `n8n execute`, trigger workflows published and
// served by `n8n start`, callbacks delivered by the sandbox over HTTP, executions checked in n8n's database.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import {
	MANUAL_TRIGGER,
	loadExample,
	nodeOfType,
	pinSampleInput,
	sampleImageUrls,
	sampleVideoIds,
	setParameters,
	type ExampleWorkflow,
} from '../demo/examples';
import { Checks, freePort, N8nInstance, ROOT, waitUntil } from './n8n-app';
import { httpRequestCredentials, runHttpRequestChecks, SECRETS, startVerifierServer } from './test-n8n-http-request';

const IMAGES = 20;
const VIDEOS = 10;
const AUTH_KEY = 'E2eCallbackAuthKey';
const CALLBACK_WAIT_MS = 90_000;

const checks = new Checks();
const check = checks.check.bind(checks);
const app = new N8nInstance();
const n8n = app.cli.bind(app);

/** `n8n execute --rawOutput` prints banners first and may log after the JSON (e.g. `Registered runner "JS Task
 *  Runner"`, depending on timing): the run is the pretty-printed object from the first line beginning with `{` to
 *  the first line that is exactly `}` (inner lines are indented). */
function parseRun(stdout: string): IDataObject | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	const end = lines.findIndex((line, index) => index > start && line.trimEnd() === '}');
	if (start < 0 || end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n')) as IDataObject;
	} catch {
		return undefined;
	}
}

type RunItems = Array<{ json: IDataObject; binary?: Record<string, unknown> }>;
function nodeOutput(run: IDataObject | undefined, nodeName: string): RunItems {
	const runData = ((run?.data as IDataObject)?.resultData as IDataObject)?.runData as Record<string, Array<{ data?: { main?: RunItems[] } }>>;
	return runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** `n8n execute` (mode 'cli') ignores pinned data, which only manual editor runs use: put the example's pinned
 *  sample items into an equivalent Code node right after the Manual Trigger for this run. */
function pinnedInputAsCodeNode(wf: ExampleWorkflow): ExampleWorkflow {
	const trigger = wf.nodes.find((n) => n.type === MANUAL_TRIGGER);
	const items = trigger ? wf.pinData?.[trigger.name] : undefined;
	if (!trigger || !items) return wf;
	const codeName = 'Sample input (pinned data)';
	const code: INode = {
		id: 'e2e-sample-input',
		name: codeName,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [trigger.position[0] + 120, trigger.position[1] + 160],
		parameters: { jsCode: `return ${JSON.stringify(items.map((item) => ({ json: item.json })))};` },
	};
	wf.nodes.push(code);
	wf.connections[codeName] = wf.connections[trigger.name];
	wf.connections[trigger.name] = { main: [[{ node: codeName, type: 'main', index: 0 }]] };
	wf.pinData = {};
	return wf;
}

async function importWorkflow(wf: ExampleWorkflow, id: string): Promise<string> {
	const file = join(app.userFolder, `${id}.json`);
	writeFileSync(file, JSON.stringify({ ...wf, id, active: false }));
	const result = await n8n(['import:workflow', `--input=${file}`]);
	if (result.code !== 0) throw new Error(`import:workflow ${id} failed: ${result.stderr || result.stdout}`);
	return id;
}

async function execute(id: string, env: NodeJS.ProcessEnv = {}): Promise<IDataObject | undefined> {
	const result = await n8n(['execute', `--id=${id}`, '--rawOutput'], env);
	const run = parseRun(result.stdout);
	if (result.code !== 0 || !run) {
		console.log(`  n8n execute ${id} exited ${result.code}\n${(result.stderr + result.stdout).split('\n').slice(-25).join('\n')}`);
	}
	return run;
}

const startN8n = (): Promise<ChildProcess> => app.start(120_000);

interface DbExecution {
	id: number;
	workflowId: string;
	mode: string;
	status: string;
	itemsPerNode: Record<string, number>;
	error?: string;
}
const executions = (): Promise<DbExecution[]> => app.executions<DbExecution>();

async function main(): Promise<void> {
	const started = Date.now();
	// .cache exists only when the app was installed there (N8N_APP_CACHE may point elsewhere).
	mkdirSync(join(ROOT, '.cache'), { recursive: true });
	app.userFolder = mkdtempSync(join(ROOT, '.cache', 'n8n-e2e-'));
	app.port = await freePort();
	app.brokerPort = await freePort();
	const base = `http://127.0.0.1:${app.port}`;
	console.log(`[test:n8n] n8n user folder ${app.userFolder}, port ${app.port}`);

	app.installPackage();

	const sb: Sandbox = await startSandbox({ port: 0, speed: 'fast' });
	// Loopback server checking HTTP Request node signatures with our signer and the official SDK signers.
	const verifier = await startVerifierServer(SECRETS);
	let server: ChildProcess | undefined;
	try {
		const creds = [
			{ id: 'sandbox-volcengine', name: 'Volcengine veImageX (sandbox)', type: 'volcengineImageXApi', data: sb.credentials.volcengine },
			{ id: 'sandbox-aliyun-vod', name: 'Alibaba Cloud VOD (sandbox)', type: 'aliyunVodApi', data: sb.credentials.aliyun },
			...httpRequestCredentials(sb),
		];
		writeFileSync(join(app.userFolder, 'creds.json'), JSON.stringify(creds));
		const imported = await n8n(['import:credentials', `--input=${join(app.userFolder, 'creds.json')}`]);
		if (!check('import credentials', imported.code === 0, imported.code === 0 ? `${creds.length} credentials (sandbox endpoints, HTTP Request matrix)` : imported.stderr.slice(-500))) return;

		// --- n8n's own HTTP Request node with this package's credentials (n8n execute) ---
		await runHttpRequestChecks({ sb, importWorkflow, execute: (id) => execute(id), nodeOutput, check }, verifier);

		// --- action workflows through `n8n execute` ---
		const listTemplates = await execute(await importWorkflow(loadExample('vod-list-templates'), 'exVodTemplates'));
		const templates = nodeOutput(listTemplates, 'List AI image templates').flatMap((i) => (i.json.templates as IDataObject[]) ?? []);
		const templateId = String(templates.find((t) => t.IsDefault === 'Default')?.TemplateId ?? '');
		check('VOD list templates (n8n execute)', templateId !== '', `default AIImage template ${templateId || 'missing'}`);

		const listQueues = await execute(await importWorkflow(loadExample('veimagex-list-queues'), 'exVeiListQueues'));
		check('veImageX list queues (n8n execute)', listQueues !== undefined && !((listQueues.data as IDataObject)?.resultData as IDataObject)?.error, `${nodeOutput(listQueues, 'List queues').length} item(s)`);
		const created = await execute(await importWorkflow(loadExample('veimagex-create-queue'), 'exVeiCreateQueue'));
		const queueId = String(nodeOutput(created, 'Create queue')[0]?.json.QueueId ?? '');
		check('veImageX create queue (n8n execute)', queueId !== '', `QueueId ${queueId || 'missing'}`);

		const waitWf = loadExample('vod-submit-and-wait');
		setParameters(waitWf, nodeOfType(waitWf, 'aliyunVodAiImage').name, { aiTemplateId: { __rl: true, mode: 'id', value: templateId } });
		pinSampleInput(waitWf, sampleVideoIds(VIDEOS, 'e2e-wait'));
		const waited = nodeOutput(await execute(await importWorkflow(pinnedInputAsCodeNode(waitWf), 'exVodSubmitWait')), 'Submit and wait');
		const waitedOk = waited.filter((i) => i.json.Status === 'success' && Object.keys(i.binary ?? {}).length > 0).length;
		check('VOD submit and wait + binary download (n8n execute)', waited.length === VIDEOS && waitedOk === VIDEOS, `${waited.length} items, ${waitedOk} succeeded with images as binary data`);

		// --- trigger workflows: published before start, activated by `n8n start` ---
		const veiTrigger = loadExample('veimagex-callback-trigger');
		const veiNode = nodeOfType(veiTrigger, 'veImageXAiQueueTrigger');
		setParameters(veiTrigger, veiNode.name, { queueId: { __rl: true, mode: 'id', value: queueId } });
		const vodTrigger = loadExample('vod-callback-trigger');
		const vodNode = nodeOfType(vodTrigger, 'aliyunVodAiImageTrigger');
		setParameters(vodTrigger, vodNode.name, { authKey: AUTH_KEY });
		for (const [wf, id] of [[veiTrigger, 'exVeiTrigger'], [vodTrigger, 'exVodTrigger']] as const) {
			await importWorkflow(wf, id);
			const published = await n8n(['publish:workflow', `--id=${id}`]);
			check(`publish ${id}`, published.code === 0, published.code === 0 ? 'published' : published.stderr.slice(-400));
		}
		const before = sb.requests.length;
		server = await startN8n();
		// n8n activates published workflows around the time the editor comes up: give it a moment.
		const registered = (action: string) => sb.requests.slice(before).some((r) => r.action === action && r.status === 200);
		await waitUntil(() => registered('UpdateImageAIProcessQueue') && registered('SetMessageCallback'), 30_000);
		const veiUrl = `${base}/webhook/${veiNode.webhookId}/ai-image-callback`;
		const vodUrl = `${base}/webhook/${vodNode.webhookId}/ai-image-callback`;
		check('n8n start activates the veImageX trigger', registered('UpdateImageAIProcessQueue'), 'UpdateImageAIProcessQueue sent on activation (queue callback -> n8n webhook)');
		check('n8n start activates the VOD trigger', registered('SetMessageCallback'), 'SetMessageCallback sent on activation (region callback -> n8n webhook, auth on)');

		// The action workflows that make the sandbox call the live triggers; run while the server is up (a
		// second broker port keeps the CLI's task runner off the server's).
		const cliEnv = { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const submitWf = loadExample('veimagex-submit-task');
		setParameters(submitWf, nodeOfType(submitWf, 'veImageXAiQueue').name, {
			serviceId: 'e2e-service',
			queueId: { __rl: true, mode: 'id', value: queueId },
		});
		pinSampleInput(submitWf, sampleImageUrls(IMAGES));
		const submitted = nodeOutput(await execute(await importWorkflow(pinnedInputAsCodeNode(submitWf), 'exVeiSubmit'), cliEnv), 'Submit images');
		check('veImageX submit task (n8n execute, server running)', submitted.length === IMAGES, `${submitted.length} items with TaskId ${String(submitted[0]?.json.TaskId ?? '-')}`);

		const vodSubmit = loadExample('vod-submit-jobs');
		setParameters(vodSubmit, nodeOfType(vodSubmit, 'aliyunVodAiImage').name, {
			aiTemplateId: { __rl: true, mode: 'id', value: templateId },
			'additionalFields.callbackUrl': vodUrl,
		});
		pinSampleInput(vodSubmit, sampleVideoIds(VIDEOS, 'e2e-callback'));
		const jobs = nodeOutput(await execute(await importWorkflow(pinnedInputAsCodeNode(vodSubmit), 'exVodSubmit'), cliEnv), 'Submit jobs');
		check('VOD submit jobs with callback URL (n8n execute, server running)', jobs.length === VIDEOS, `${jobs.length} JobIds`);

		// --- callbacks delivered by the sandbox to the live n8n, executions checked in n8n's database ---
		const delivered = (url: string) => sb.callbacks.filter((c) => c.url.startsWith(url) && c.status === 200).length;
		await waitUntil(() => delivered(veiUrl) >= IMAGES && delivered(vodUrl) >= VIDEOS, CALLBACK_WAIT_MS);
		check('sandbox delivered veImageX callbacks to n8n', delivered(veiUrl) >= IMAGES, `${delivered(veiUrl)} answered 200 by n8n (${IMAGES} expected)`);
		check('sandbox delivered signed VOD notifications to n8n', delivered(vodUrl) >= VIDEOS, `${delivered(vodUrl)} answered 200 by n8n (${VIDEOS} expected)`);

		const finished = (e: DbExecution) => e.status !== 'running' && e.status !== 'new';
		let list: DbExecution[] = [];
		await waitUntil(async () => {
			list = await executions();
			const veiDone = list.filter((e) => e.workflowId === 'exVeiTrigger' && finished(e));
			const vodDone = list.filter((e) => e.workflowId === 'exVodTrigger' && finished(e));
			return veiDone.reduce((n, e) => n + (e.itemsPerNode[veiNode.name] ?? 0), 0) >= IMAGES && vodDone.length >= VIDEOS;
		}, 60_000);
		const vei = list.filter((e) => e.workflowId === 'exVeiTrigger');
		const veiItems = vei.reduce((n, e) => n + (e.itemsPerNode[veiNode.name] ?? 0), 0);
		check(
			'veImageX trigger executions succeeded',
			vei.length > 0 && vei.every((e) => e.mode === 'webhook' && e.status === 'success') && veiItems === IMAGES,
			`${vei.length} webhook execution(s), statuses ${summarise(vei.map((e) => e.status))}, ${veiItems} image item(s) emitted (${IMAGES} expected)`,
		);
		const vod = list.filter((e) => e.workflowId === 'exVodTrigger');
		const downloaded = vod.reduce((n, e) => n + (e.itemsPerNode['Download result images'] ?? 0), 0);
		check(
			'VOD trigger executions succeeded (verified, confirmed, images downloaded)',
			vod.length === VIDEOS && vod.every((e) => e.mode === 'webhook' && e.status === 'success') && downloaded === VIDEOS,
			`${vod.length} webhook execution(s), statuses ${summarise(vod.map((e) => e.status))}, ${downloaded} job item(s) after download${vod.find((e) => e.error)?.error ? `; error: ${vod.find((e) => e.error)?.error}` : ''}`,
		);
	} catch (error) {
		check('run', false, (error as Error).message);
	} finally {
		server?.kill('SIGTERM');
		if (server) await new Promise((r) => server!.once('exit', r));
		await sb.stop();
		await verifier.close();
	}
	const failed = checks.list.filter((c) => !c.ok);
	if (failed.length > 0 && app.serverLog.length > 0) {
		console.log(`\n--- last lines of n8n start ---\n${app.serverLog.join('').split('\n').slice(-40).join('\n')}`);
	}
	// Kept for inspection on failure (or KEEP_N8N_E2E=1): database, imported workflows, n8n-start output.
	if (failed.length === 0 && process.env.KEEP_N8N_E2E !== '1') rmSync(app.userFolder, { recursive: true, force: true });
	else console.log(`[test:n8n] n8n user folder kept: ${app.userFolder}`);
	console.log(`\n[test:n8n] ${checks.list.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
	console.log(failed.length === 0 ? '[test:n8n] PASS' : `[test:n8n] FAIL: ${failed.map((c) => c.name).join('; ')}`);
	process.exitCode = failed.length === 0 ? 0 : 1;
}

function summarise(values: string[]): string {
	const counts: Record<string, number> = {};
	for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
	return Object.entries(counts).map(([k, n]) => `${k}×${n}`).join(', ') || 'none';
}

void main();
