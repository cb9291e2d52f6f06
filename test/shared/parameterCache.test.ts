import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { withParameterCache } from '../../nodes/shared/parameterCache';

/** A fake context whose getNodeParameter counts resolutions and answers `${name}@${itemIndex}`. */
function fakeContext(parameters: INode['parameters']) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ parameters }) as INode,
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.push(`${name}@${itemIndex}`);
			return `${name}@${itemIndex}`;
		},
		continueOnFail: () => true,
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

describe('withParameterCache', () => {
	it('resolves a fixed parameter once and an expression for every item, also inside collections', () => {
		const { ctx, calls } = fakeContext({
			fixed: 'a',
			perItem: '={{ $json.x }}',
			options: { plain: true, mapped: '={{ $json.y }}' },
		});
		const cached = withParameterCache(ctx);
		for (const itemIndex of [0, 1, 2]) {
			for (const name of ['fixed', 'perItem', 'options.plain', 'options.mapped']) cached.getNodeParameter(name, itemIndex);
		}
		expect(calls.filter((call) => call.startsWith('fixed@'))).toEqual(['fixed@0']);
		expect(calls.filter((call) => call.startsWith('options.plain@'))).toEqual(['options.plain@0']);
		expect(calls.filter((call) => call.startsWith('perItem@'))).toEqual(['perItem@0', 'perItem@1', 'perItem@2']);
		expect(calls.filter((call) => call.startsWith('options.mapped@'))).toEqual(['options.mapped@0', 'options.mapped@1', 'options.mapped@2']);
		expect(cached.continueOnFail()).toBe(true);
	});
});
