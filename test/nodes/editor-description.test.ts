/**
 * What the editor shows of the built nodes (issue 17): canvas subtitles with labels, one style of default
 * expression, codex search aliases as n8n-core loads them, and a Limit hint that matches what is sent.
 */
import type { INode, INodeParameters, INodeType, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE } from '../harness';
import { createEngine, fullType } from '../harness/context';
import { loadPackage } from '../harness/package-loader';

// The published build has no declarations: load the built classes, typed by their sources.
const { AliyunVodAiImage } = require('../../dist/nodes/AliyunVodAiImage/AliyunVodAiImage.node') as typeof import('../../nodes/AliyunVodAiImage/AliyunVodAiImage.node');
const { VeImageXAiQueue } = require('../../dist/nodes/VeImageXAiQueue/VeImageXAiQueue.node') as typeof import('../../nodes/VeImageXAiQueue/VeImageXAiQueue.node');
const { VeImageXAiQueueTrigger } = require('../../dist/nodes/VeImageXAiQueue/VeImageXAiQueueTrigger.node') as typeof import('../../nodes/VeImageXAiQueue/VeImageXAiQueueTrigger.node');
const { AliyunVodAiImageTrigger } = require('../../dist/nodes/AliyunVodAiImage/AliyunVodAiImageTrigger.node') as typeof import('../../nodes/AliyunVodAiImage/AliyunVodAiImageTrigger.node');

const actionNodes: Array<[string, INodeTypeDescription]> = [
	['veImageXAiQueue', new VeImageXAiQueue().description],
	['aliyunVodAiImage', new AliyunVodAiImage().description],
];

/** The subtitle as the editor computes it: n8n's own expression engine on a node with these parameters. */
async function subtitleOf(type: string, description: INodeTypeDescription, parameters: INodeParameters): Promise<unknown> {
	const node: INode = { id: 'n', name: 'Node', type: await fullType(type), typeVersion: 1, position: [0, 0], parameters };
	const start = { id: 's', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const { workflow } = await createEngine({ nodes: [start, node], connections: {}, credentials: {}, mode: 'manual' });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

function operationOptions(description: INodeTypeDescription): Array<[string, INodePropertyOptions]> {
	return description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.displayOptions!.show!.resource as string[]).flatMap((resource) => (p.options as INodePropertyOptions[]).map((o): [string, INodePropertyOptions] => [resource, o])));
}

/** Every string default in the description tree (fields, collections, resource locators). */
function stringDefaults(properties: INodeProperties[]): string[] {
	return properties.flatMap((p) => {
		const own = typeof p.default === 'string' ? [p.default] : typeof (p.default as { value?: unknown })?.value === 'string' ? [(p.default as { value: string }).value] : [];
		const nested = ((p.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>).flatMap((o) =>
			'values' in o && Array.isArray(o.values) ? stringDefaults(o.values) : 'displayName' in o && 'type' in o ? stringDefaults([o as INodeProperties]) : [],
		);
		return [...own, ...nested];
	});
}

describe.each(actionNodes)('%s editor description', (type, description) => {
	test('the canvas subtitle reads "<Operation label>: <Resource label>" for every operation', async () => {
		const resources = new Map((description.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map((o) => [o.value, o.name]));
		const options = operationOptions(description);
		expect(options.length).toBeGreaterThan(5);
		for (const [resource, option] of options) {
			expect(await subtitleOf(type, description, { resource, operation: option.value })).toBe(`${option.name}: ${resources.get(resource)}`);
		}
	});

	test('an operation missing from the map falls back to the raw values', async () => {
		const resource = String(description.properties.find((p) => p.name === 'resource')!.default);
		expect(await subtitleOf(type, description, { resource, operation: 'noSuchOperation' })).toBe(`noSuchOperation: ${resource}`);
	});

	test('every default expression has the one style ={{ $json.X }}', () => {
		const expressions = stringDefaults(description.properties).filter((d) => d.includes('{{') || d.startsWith('='));
		expect(expressions.length).toBeGreaterThan(1);
		for (const expression of expressions) expect(expression).toMatch(/^=\{\{ \$json\.[A-Za-z]\w* \}\}$/);
	});
});

test('the two action nodes build their subtitles the same way', () => {
	const shape = (subtitle: unknown) => String(subtitle).replace(/\(\{.*\}\)/, '(MAP)');
	expect(shape(actionNodes[0][1].subtitle)).toBe(shape(actionNodes[1][1].subtitle));
	expect(shape(actionNodes[0][1].subtitle)).toBe('={{ (MAP)[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] + ": " + $parameter["resource"] }}');
});

describe('codex search aliases (as n8n-core loads the shipped .node.json files)', () => {
	const cases: Array<[string, string[]]> = [
		['veImageXAiQueueTrigger', ['veImageX', 'Volcengine', 'ImageX', 'AI image', 'callback', 'webhook']],
		['aliyunVodAiImageTrigger', ['VOD', 'Alibaba', 'Aliyun', 'ApsaraVideo', 'AI image', 'callback', 'webhook']],
		['aliyunVodAiImage', ['VOD', 'Alibaba', 'Aliyun', 'ApsaraVideo', 'AI image', 'thumbnail']],
		['veImageXAiQueue', ['veImageX', 'Volcengine', 'AI image', 'super resolution']],
	];
	test.each(cases)('%s', async (type, aliases) => {
		const loader = await loadPackage();
		const codex = (loader.nodeTypes[type].type.description as INodeTypeDescription & { codex?: { alias?: string[] } }).codex;
		expect(codex?.alias).toEqual(expect.arrayContaining(aliases));
	});
});

test('veImageX Get Many: Limit 50 by default, and the hint matches the paging (requests of up to the page size)', () => {
	const description = new VeImageXAiQueue().description;
	const limits = description.properties.filter((p) => p.name === 'limit');
	expect(limits).toHaveLength(3);
	for (const limit of limits) {
		expect(limit.default).toBe(50);
		expect(limit.hint).toMatch(/^Fetched in pages of up to (100|1000); a higher Limit sends several requests$/);
	}
	const entry = limits.find((p) => p.displayOptions?.show?.resource?.includes('entry'));
	expect(entry?.hint).toContain('up to 100;');
});

describe('triggers in the node creator (n8n 2.41 useActionsGeneration rules)', () => {
	const pairs = [
		{ action: new VeImageXAiQueue(), trigger: new VeImageXAiQueueTrigger(), provider: 'veImageX' },
		{ action: new AliyunVodAiImage(), trigger: new AliyunVodAiImageTrigger(), provider: 'VOD' },
	];

	test.each(pairs)('the $provider trigger is merged into its action node and its entries name the provider and the event', ({ action, trigger, provider }) => {
		const t = trigger.description;
		// n8n merges a trigger into the action node whose name is the trigger's name without "Trigger".
		expect(t.name.replace('Trigger', '')).toBe(action.description.name);
		expect(t.group).toEqual(['trigger']);
		expect(t.displayName.toLowerCase()).toContain('trigger');
		expect(t.icon).toEqual(action.description.icon);
		// One creator entry per option of the property displayed as "event", "events" or "trigger on".
		const events = t.properties.filter((p) => ['event', 'events', 'trigger on'].includes(p.displayName.toLowerCase()));
		expect(events).toHaveLength(1);
		const entries = (events[0].options as INodePropertyOptions[]).map((o) => o.action);
		expect(entries.length).toBeGreaterThanOrEqual(2);
		for (const entry of entries) expect(entry).toMatch(new RegExp(`^On (any )?${provider} \\S`));
		// The provider is the node itself: no parameter decides it (n8n hid that one as the "authentication" field).
		expect(t.properties.map((p) => p.name)).not.toContain('provider');
		expect(t.credentials).toHaveLength(1);
	});

	test('trigger subtitles say which event, as the editor computes them', async () => {
		const vei = new VeImageXAiQueueTrigger().description;
		const vod = new AliyunVodAiImageTrigger().description;
		expect(await subtitleOf(vei.name, vei, { callbackType: 'task' })).toBe('Task finished');
		expect(await subtitleOf(vei.name, vei, { callbackType: 'entry' })).toBe('Image processed');
		expect(await subtitleOf(vod.name, vod, { eventFilter: 'ai' })).toBe('AI image jobs');
		expect(await subtitleOf(vod.name, vod, { eventFilter: 'all' })).toBe('All VOD events');
	});
});

test('an ID some node picks from a list is a picker in every node that asks for it, backed by that node\'s own methods', () => {
	const nodes = [new VeImageXAiQueue(), new VeImageXAiQueueTrigger(), new AliyunVodAiImage(), new AliyunVodAiImageTrigger()];
	const fields = nodes.flatMap((node) => node.description.properties.map((p) => ({ node, p })));
	const pickerNames = new Set(fields.filter(({ p }) => p.type === 'resourceLocator').map(({ p }) => p.name));
	expect([...pickerNames].sort()).toEqual(expect.arrayContaining(['queueId', 'serviceId']));
	for (const { node, p } of fields.filter(({ p }) => pickerNames.has(p.name))) {
		expect(`${node.description.name}.${p.name}: ${p.type}`).toBe(`${node.description.name}.${p.name}: resourceLocator`);
		for (const mode of p.modes ?? []) {
			const method = mode.typeOptions?.searchListMethod;
			if (method) expect(typeof ((node as INodeType).methods?.listSearch as Record<string, unknown> | undefined)?.[method]).toBe('function');
		}
	}
});
