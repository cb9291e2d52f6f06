import { canonicalQuery, canonicalUri, encodeRfc3986, parseQueryString, queryPairs } from '../../credentials/common/signing';

describe('RFC 3986 helpers', () => {
	it('encodes reserved characters strictly and keeps unreserved ones', () => {
		expect(encodeRfc3986("a b*!'()~-_.")).toBe('a%20b%2A%21%27%28%29~-_.');
		expect(encodeRfc3986('+/=&?#%')).toBe('%2B%2F%3D%26%3F%23%25');
		expect(encodeRfc3986('é😀')).toBe('%C3%A9%F0%9F%98%80');
	});

	it('builds pairs: undefined/null dropped, arrays repeated, numbers and booleans stringified', () => {
		expect(queryPairs({ a: 1, b: true, c: undefined, d: null, e: ['x', 2, undefined as unknown as string], f: '' })).toEqual([
			['a', '1'],
			['b', 'true'],
			['e', 'x'],
			['e', '2'],
			['f', ''],
		]);
	});

	it('sorts by key then value and keeps empty values as k=', () => {
		expect(canonicalQuery([['b', '2'], ['a', 'z'], ['a', 'y'], ['c', '']])).toBe('a=y&a=z&b=2&c=');
		expect(canonicalQuery([])).toBe('');
	});

	it('parses a wire query back (inverse of canonicalQuery)', () => {
		const pairs: Array<[string, string]> = [['SearchPtn', 'a b*'], ['X', '中文'], ['Y', '']];
		expect(parseQueryString(canonicalQuery(pairs))).toEqual([['SearchPtn', 'a b*'], ['X', '中文'], ['Y', '']]);
		expect(parseQueryString('?a=1+2&b')).toEqual([['a', '1 2'], ['b', '']]);
	});

	it('canonical URI accepts raw or encoded paths', () => {
		expect(canonicalUri('/')).toBe('/');
		expect(canonicalUri('')).toBe('/');
		expect(canonicalUri('/vod/cn-shanghai')).toBe('/vod/cn-shanghai');
		expect(canonicalUri('/a b/c')).toBe('/a%20b/c');
		expect(canonicalUri('/a%20b/c')).toBe('/a%20b/c');
	});
});
