/**
 * What the editor shows of the built nodes (issue 17): canvas subtitles with labels, one style of default
 * expression, codex search aliases as n8n-core loads them, and a Limit hint that matches what is sent.
 */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE } from '../harness';
import { createEngine, fullType } from '../harness/context';
import { loadPackage } from '../harness/package-loader';

// The published build has no declarations: load the built classes, typed by their sources.
const { AliyunVodAiImage } = require('../../dist/nodes/AliyunVodAiImage/AliyunVodAiImage.node') as typeof import('../../nodes/AliyunVodAiImage/AliyunVodAiImage.node');
const { VeImageXAiQueue } = require('../../dist/nodes/VeImageXAiQueue/VeImageXAiQueue.node') as typeof import('../../nodes/VeImageXAiQueue/VeImageXAiQueue.node');

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
		['aiImageCallbackTrigger', ['veImageX', 'Volcengine', 'VOD', 'Alibaba', 'Aliyun', 'ApsaraVideo', 'callback', 'webhook']],
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
