import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { jsonObject, parseJsonParameter } from '../../nodes/shared/json';

const node: INode = { id: '1', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };

function failure(value: unknown, spec: Parameters<typeof parseJsonParameter>[3]): NodeOperationError {
	try {
		parseJsonParameter(node, 3, value, spec);
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('expected a field error');
}

describe('parseJsonParameter', () => {
	const nested = z.object({ sizes: z.array(z.number({ invalid_type_error: 'must be a number' })) });

	it('returns the validated value from a string or an already-built object, and the empty value for blank text', () => {
		expect(parseJsonParameter(node, 0, '{"sizes":[1,2]}', { field: 'F', schema: nested, fix: 'x' })).toEqual({ sizes: [1, 2] });
		expect(parseJsonParameter(node, 0, { a: 1 }, { field: 'F', schema: jsonObject, fix: 'x' })).toEqual({ a: 1 });
		expect(parseJsonParameter(node, 0, '  ', { field: 'F', schema: jsonObject, fix: 'x', empty: { value: {} } })).toEqual({});
	});

	it('says the text is not JSON, with the parser message, when it is not (also blank text without an empty value)', () => {
		const error = failure('{"a":1,}', { field: 'My JSON', schema: jsonObject, fix: 'Enter {"a":1}.' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^My JSON: is not valid JSON \(.+\)$/);
		expect(error.description).toBe('Enter {"a":1}. Use double-quoted keys and no trailing commas.');
		expect(failure('', { field: 'My JSON', schema: jsonObject, fix: 'x' }).message).toMatch(/^My JSON: is not valid JSON/);
	});

	it('names the path of the first mismatch and picks the fix: the check\'s own, then the path\'s, then the default', () => {
		const atPath = failure('{"sizes":[1,"2"]}', { field: 'F', schema: nested, fix: 'default fix', fixes: { 'sizes[1]': 'Use a number.' } });
		expect(atPath.message).toBe('F: sizes[1] must be a number');
		expect(atPath.description).toBe('Use a number.');
		expect(failure('[]', { field: 'F', schema: jsonObject, fix: 'default fix' })).toMatchObject({ message: 'F: must be a JSON object', description: 'default fix' });
		const own = jsonObject.refine((value) => !('b' in value), { message: 'must not contain "b"', params: { fix: 'Remove "b".' } });
		expect(failure('{"b":1}', { field: 'F', schema: own, fix: 'default fix' })).toMatchObject({ message: 'F: must not contain "b"', description: 'Remove "b".' });
	});
});
