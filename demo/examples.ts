// Loads examples/*.json (the importable n8n workflows) and adapts them to a run against the sandbox:
// credentials by type, sample input items pinned on the Manual Trigger, and the few values a user would type
// into the editor (queue id, callback URL…). Everything else runs exactly as written in the file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICredentialDataDecryptedObject, IConnections, IDataObject, INode, IPinData } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';

export const EXAMPLES_DIR = resolve(__dirname, '..', 'examples');
export const PACKAGE_PREFIX = 'n8n-nodes-ai-image-jobs.';
export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

export interface ExampleWorkflow {
	name: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
	settings?: IDataObject;
	meta?: IDataObject;
	[key: string]: unknown;
}

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

/** A fresh copy every call, so adapting one run never leaks into the next. */
export function loadExample(file: string): ExampleWorkflow {
	const path = join(EXAMPLES_DIR, file.endsWith('.json') ? file : `${file}.json`);
	return JSON.parse(readFileSync(path, 'utf8')) as ExampleWorkflow;
}

/** Credential data by credential type, as the sandbox accepts them. */
export function sandboxCredentials(sb: Sandbox): Record<string, ICredentialDataDecryptedObject> {
	return {
		volcengineImageXApi: { ...sb.credentials.volcengine } as unknown as ICredentialDataDecryptedObject,
		aliyunVodApi: { ...sb.credentials.aliyun } as unknown as ICredentialDataDecryptedObject,
	};
}

export function node(wf: ExampleWorkflow, name: string): INode {
	const found = wf.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`${wf.name}: no node named "${name}" (nodes: ${wf.nodes.map((n) => n.name).join(', ')})`);
	return found;
}

/** The one node of this package's type `shortType` (e.g. 'veImageXAiQueueTrigger'). */
export function nodeOfType(wf: ExampleWorkflow, shortType: string): INode {
	const matches = wf.nodes.filter((n) => n.type === PACKAGE_PREFIX + shortType);
	if (matches.length !== 1) throw new Error(`${wf.name}: expected one ${shortType} node, found ${matches.length}`);
	return matches[0];
}

/** Sets parameters (dotted paths, e.g. `options.callbackEndpoint`) on a node: what a user types in the editor. */
export function setParameters(wf: ExampleWorkflow, nodeName: string, values: Record<string, unknown>): ExampleWorkflow {
	const target = node(wf, nodeName);
	for (const [path, value] of Object.entries(values)) {
		const keys = path.split('.');
		let cursor = target.parameters as IDataObject;
		for (const key of keys.slice(0, -1)) {
			cursor[key] = (cursor[key] as IDataObject | undefined) ?? {};
			cursor = cursor[key] as IDataObject;
		}
		cursor[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
	}
	return wf;
}

/** Replaces the sample items pinned on the workflow's Manual Trigger (the editor's "pinned data"). */
export function pinSampleInput(wf: ExampleWorkflow, items: IDataObject[]): ExampleWorkflow {
	const trigger = wf.nodes.find((n) => n.type === MANUAL_TRIGGER);
	if (!trigger) throw new Error(`${wf.name}: no Manual Trigger to pin sample input on`);
	wf.pinData = { ...(wf.pinData ?? {}), [trigger.name]: items.map((json) => ({ json })) };
	return wf;
}

/** Sample image URLs (the sandbox does not fetch inputs; its results are real image files it serves). */
export function sampleImageUrls(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({ url: `https://images.example.com/demo/photo-${String(i + 1).padStart(4, '0')}.jpg` }));
}

/** Sample VOD video ids (32 hex characters, as VOD media ids are). */
export function sampleVideoIds(count: number, seed = 'demo'): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		videoId: Buffer.from(`${seed}-${i}`).toString('hex').padEnd(32, '0').slice(0, 32),
	}));
}
