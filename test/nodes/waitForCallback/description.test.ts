/** The waiting operations in the node descriptions (built package): hidden from AI agents, two outputs only for them, a resume webhook. */
import { NodeHelpers, type INode, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

// The published build has no declarations: load the built classes, typed by their sources.
const { AliyunVodAiImage } = require('../../../dist/nodes/AliyunVodAiImage/AliyunVodAiImage.node') as typeof import('../../../nodes/AliyunVodAiImage/AliyunVodAiImage.node');
const { VeImageXAiQueue } = require('../../../dist/nodes/VeImageXAiQueue/VeImageXAiQueue.node') as typeof import('../../../nodes/VeImageXAiQueue/VeImageXAiQueue.node');

const cases: Array<[string, INodeTypeDescription, string, string]> = [
	['veImageX', new VeImageXAiQueue().description, 'task', 'createAndWaitForCallback'],
	['VOD', new AliyunVodAiImage().description, 'job', 'submitAndWaitForCallback'],
];

describe.each(cases)('%s wait-for-callback description', (_name, description, resource, operation) => {
	const option = () => {
		const field = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
		return (field?.options as INodePropertyOptions[]).find((o) => o.value === operation)!;
	};
	const node = { typeVersion: 1 } as INode;

	test('offered in workflows, not to AI agents (n8n names the tool variant <name>Tool)', () => {
		expect(NodeHelpers.displayParameter({}, option() as never, node, description)).toBe(true);
		expect(NodeHelpers.displayParameter({}, option() as never, node, { ...description, name: `${description.name}Tool` })).toBe(false);
		expect(description.usableAsTool).toBe(true);
	});

	test('a resume webhook only (restartWebhook, empty response data)', () => {
		expect(description.webhooks).toEqual([expect.objectContaining({ restartWebhook: true, responseData: '', httpMethod: 'POST', path: '' })]);
	});

	test('outputs: Timed Out + Done for the waiting operation, one main output otherwise', () => {
		const outputs = String(description.outputs);
		const evaluate = (op: string) => new Function('$parameter', `return ${outputs.slice(3, -2)}`)({ operation: op }) as unknown[];
		expect(evaluate(operation)).toEqual([{ type: 'main', displayName: 'Timed Out' }, { type: 'main', displayName: 'Done' }]);
		expect(evaluate('get')).toEqual(['main']);
	});
});
