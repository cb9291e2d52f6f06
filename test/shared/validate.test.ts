import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { explainingAmbiguity, isAmbiguousAnswer, mayHaveCreated, noteCreated, parseAnswer, requireAnswerId, unreadableAnswer } from '../../nodes/shared/answers';
import { checkBoolean, checkId, checkIdList, checkNumber, checkOption, checkOptions, checkText, checkUrl } from '../../nodes/shared/validate';

const node: INode = { id: '1', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
const where = { node, itemIndex: 3 };
const fix = 'Do this.';

function failure(fn: () => unknown): NodeOperationError {
	try {
		fn();
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('expected a failure');
}

describe('typed parameter checks', () => {
	it('text: strings and finite numbers; objects, lists, booleans and NaN refused naming field, item and fix', () => {
		expect(checkText(where, 'Name', '  a b ', { fix })).toBe('a b');
		expect(checkText(where, 'Name', 42, { fix })).toBe('42');
		expect(checkText(where, 'Name', undefined, { fix })).toBe('');
		for (const bad of [{ a: 1 }, ['v1', 'v2'], true, Number.NaN, Infinity]) {
			const error = failure(() => checkText(where, 'Name', bad, { fix }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/^Name: expected text but the value is .* \(item 3\)$/);
			expect(error.description).toMatch(/^Do this\./);
			expect(error.context.itemIndex).toBe(3);
		}
		expect(failure(() => checkText(where, 'Name', '', { fix, required: true })).message).toBe('Name: is empty (item 3)');
		expect(failure(() => checkText(where, 'Name', 'x'.repeat(20), { fix, maxLength: 10 })).message).toMatch(/20 characters long, at most 10/);
		expect(failure(() => checkText(where, 'Name', 'a\nb', { fix, singleLine: true })).message).toMatch(/control character/);
	});

	it('IDs: control characters, blanks, & ? # / \\ and over-long values refused', () => {
		expect(checkId(where, 'Video ID', ' abc-12_x.y ', { fix })).toBe('abc-12_x.y');
		for (const bad of ['a&Action=Delete', 'a?b', 'a#b', 'a/b', 'a\\b', 'a b', 'a\r\nb', 'a\tb', 'a\u0000b', 'x'.repeat(20_000)]) {
			expect(failure(() => checkId(where, 'Video ID', bad, { fix })).message).toMatch(/^Video ID: .*\(item 3\)$/);
		}
		for (const bad of [{ a: 1 }, ['v1', 'v2'], true]) expect(failure(() => checkId(where, 'Video ID', bad, { fix })).message).toMatch(/expected text/);
	});

	it('ID lists: a list or separated text; objects inside a list are refused, not split into "[object" "Object]"', () => {
		expect(checkIdList(where, 'Entry IDs', 'a, b;c  d,a', { fix })).toEqual(['a', 'b', 'c', 'd']);
		expect(checkIdList(where, 'Entry IDs', ['a', 2, ' '], { fix })).toEqual(['a', '2']);
		expect(checkIdList(where, 'Job IDs', 'a;b', { fix, separators: /[\s,]+/ })).toEqual(['a;b']);
		expect(failure(() => checkIdList(where, 'Entry IDs', [{ id: 'a' }], { fix })).message).toMatch(/^Entry IDs: expected text but the value is an object/);
		expect(failure(() => checkIdList(where, 'Entry IDs', { id: 'a' }, { fix })).message).toMatch(/an object/);
		expect(failure(() => checkIdList(where, 'Entry IDs', '', { fix, required: true, emptyProblem: 'no ID given' })).message).toBe('Entry IDs: no ID given (item 3)');
	});

	it('numbers: finite, in range, whole when asked; "ten", NaN, Infinity, true, objects, 0 and -1 refused', () => {
		const rules = { min: 1, max: 100, integer: true, default: 10, fix };
		expect(checkNumber(where, 'Timeout', undefined, rules)).toBe(10);
		expect(checkNumber(where, 'Timeout', '25', rules)).toBe(25);
		expect(checkNumber(where, 'Timeout', 7, rules)).toBe(7);
		for (const bad of ['ten', Number.NaN, Infinity, true, { a: 1 }, [], '', 0, -1, 101, 1.5]) {
			const error = failure(() => checkNumber(where, 'Timeout', bad, rules));
			expect(error.message).toMatch(/^Timeout: .* \(item 3\)$/);
			expect(error.description).toMatch(/between 1 and 100/);
		}
	});

	it('URLs: http(s) only; CR, LF, TAB, blanks and other schemes refused', () => {
		expect(checkUrl(where, 'Callback URL', ' https://n8n.example.com/webhook/x?a=1 ', { fix })).toBe('https://n8n.example.com/webhook/x?a=1');
		expect(checkUrl(where, 'Callback URL', '', { fix })).toBe('');
		for (const bad of ['https://a.example/x\r\nX-Injected: 1', 'https://a.example/\tx', 'https://a.example/a b', 'ftp://a.example/', 'not a url', 'javascript:alert(1)', { url: 'https://a' }]) {
			expect(failure(() => checkUrl(where, 'Callback URL', bad, { fix })).message).toMatch(/^Callback URL: .*\(item 3\)$/);
		}
		expect(failure(() => checkUrl(where, 'Callback URL', '', { fix, required: true })).message).toBe('Callback URL: is empty (item 3)');
	});

	it('switches and choices: only what the field can hold', () => {
		expect(checkBoolean(where, 'Wait', undefined, true)).toBe(true);
		expect(checkBoolean(where, 'Wait', 'false', true)).toBe(false);
		expect(failure(() => checkBoolean(where, 'Wait', 'yes', false)).message).toMatch(/^Wait: expected true or false/);
		expect(checkOption(where, 'Mode', undefined, ['a', 'b'] as const, 'a')).toBe('a');
		expect(failure(() => checkOption(where, 'Mode', ['a'], ['a', 'b'] as const)).message).toMatch(/^Mode: a list is not one of the choices/);
		expect(checkOptions(where, 'Status', ['a', 'b', 'a'], ['a', 'b'] as const)).toEqual(['a', 'b']);
		expect(failure(() => checkOptions(where, 'Status', ['a', 'z'], ['a', 'b'] as const)).description).toBe('Use one of: a, b.');
	});
});

describe('provider answers', () => {
	const context = { node, provider: 'veImageX' as const, action: 'CreateImageAITask', httpStatus: 200, requestId: 'req-1', itemIndex: 2, effect: 'the task may have been created', hint: 'Look with Task → Get Many' };

	it('says what a 2xx body is when it is not a JSON object', () => {
		expect(parseAnswer({ a: 1 }).json).toEqual({ a: 1 });
		expect(parseAnswer('{"a":1}').json).toEqual({ a: 1 });
		expect(parseAnswer('{"ResponseMetadata":{"Req').problem).toMatch(/not valid JSON/);
		expect(parseAnswer('<!DOCTYPE html><html></html>').problem).toMatch(/HTML/);
		expect(parseAnswer('').problem).toMatch(/empty/);
		expect(parseAnswer(Buffer.from('[1]')).problem).toMatch(/not the expected object/);
	});

	it('an unusable answer of a write is an ambiguous NodeApiError naming what may exist, with RequestId and status', () => {
		const error = unreadableAnswer(context, 'the body is not valid JSON');
		expect(error.message).toBe('veImageX error UnreadableAnswer: CreateImageAITask answered HTTP 200 but the body is not valid JSON: the task may have been created (RequestId req-1)');
		expect(error.context).toMatchObject({ code: 'UnreadableAnswer', requestId: 'req-1', httpStatus: 200, itemIndex: 2 });
		expect(error.description).toMatch(/^Look with Task → Get Many before running these items again/);
		expect(isAmbiguousAnswer(error)).toBe(true);
		expect(isAmbiguousAnswer(new Error('x'))).toBe(false);
	});

	it('a write that failed after sending (lost connection, 5xx) says what may have been created; reads and refusals do not', async () => {
		const write = { effect: 'the job may have been created', hint: 'Check the console' };
		const lost = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		await expect(explainingAmbiguity(write, Promise.reject(lost))).rejects.toThrow('socket hang up: the job may have been created');
		expect(mayHaveCreated(lost)).toBe(true);
		const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		await expect(explainingAmbiguity(write, Promise.reject(refused))).rejects.toThrow(/^connect ECONNREFUSED$/);
		const server = Object.assign(new Error('InternalError'), { context: { httpStatus: 500 } });
		await expect(explainingAmbiguity(write, Promise.reject(server))).rejects.toThrow('InternalError: the job may have been created');
		const read = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		await expect(explainingAmbiguity(undefined, Promise.reject(read))).rejects.toThrow(/^socket hang up$/);
		await expect(explainingAmbiguity(write, Promise.resolve(1))).resolves.toBe(1);
	});

	it('the returned id must be a non-empty string', () => {
		expect(requireAnswerId({ TaskId: 't1' }, 'TaskId', context)).toBe('t1');
		for (const result of [{}, { TaskId: '' }, { TaskId: null }, { TaskId: {} }]) {
			let caught: unknown;
			try {
				requireAnswerId(result, 'TaskId', context);
			} catch (error) {
				caught = error;
			}
			expect((caught as Error).message).toMatch(/IncompleteAnswer: .*has no TaskId: the task may have been created/);
			expect(isAmbiguousAnswer(caught)).toBe(true);
		}
	});

	it('a failing run names every id it created, in the description and the context', () => {
		const error = new NodeOperationError(node, 'later item failed', { description: 'Fix it.' });
		const ids = Array.from({ length: 60 }, (_, i) => `job${i}`);
		noteCreated(error, 'job', ids);
		expect(error.description).toMatch(/^Fix it\. Before this failure the run had already created 60 job\(s\)/);
		for (const id of ids) expect(error.description).toContain(`${id},`.replace('job59,', 'job59.'));
		expect(error.context.createdIds).toEqual(ids);
		expect(noteCreated(error, 'job', [])).toBe(error);
	});

	it('also names the items whose concurrent submits may have created work without a usable answer', () => {
		const error = new NodeOperationError(node, 'item 3 failed');
		noteCreated(error, 'job', ['item 0: j0'], ['item 5', 'item 7']);
		expect(error.description).toMatch(/created 1 job\(s\).*item 0: j0\. The job of item 5, item 7 may have been created too/);
		expect(error.context.uncertainItems).toEqual(['item 5', 'item 7']);
	});
});
