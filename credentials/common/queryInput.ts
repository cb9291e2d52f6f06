/**
 * n8n query/form objects -> ordered pairs. Values may be anything an expression yields: undefined/null are
 * dropped, nested objects are sent as compact JSON (the clouds take JSON strings), arrays follow `arrayFormat`.
 */
import type { IDataObject } from 'n8n-workflow';
import { queryPairs, type QueryInput, type QueryValue } from './signing/rfc3986';

/** As qs.stringify's option of the same name; `repeat` (k=a&k=b) unless the request asks otherwise. */
export type ArrayFormat = 'repeat' | 'indices' | 'brackets' | 'comma';

export function toQueryInput(qs: IDataObject | undefined): QueryInput {
	const out: QueryInput = {};
	for (const key in qs) out[key] = toQueryValue(qs[key]);
	return out;
}

function toQueryValue(value: unknown): QueryValue | QueryValue[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (Array.isArray(value)) {
		return value
			.map((v) => toQueryValue(v))
			.filter((v): v is QueryValue => v !== undefined && !Array.isArray(v));
	}
	if (typeof value === 'object') return JSON.stringify(value);
	return value as QueryValue;
}

/** Pairs in input order; an array becomes `k=a&k=b`, `k[0]=a&k[1]=b`, `k[]=a&k[]=b` or `k=a,b`. */
export function toQueryPairs(input: QueryInput, arrayFormat: ArrayFormat): Array<[string, string]> {
	if (arrayFormat === 'repeat') return queryPairs(input);
	const pairs: Array<[string, string]> = [];
	for (const key in input) {
		const value = input[key];
		if (!Array.isArray(value)) {
			if (value !== undefined && value !== null) pairs.push([key, String(value)]);
			continue;
		}
		const values = value.filter((v) => v !== undefined && v !== null).map(String);
		if (arrayFormat === 'comma') {
			if (values.length > 0) pairs.push([key, values.join(',')]);
		} else {
			values.forEach((v, i) => pairs.push([arrayFormat === 'indices' ? `${key}[${i}]` : `${key}[]`, v]));
		}
	}
	return pairs;
}
