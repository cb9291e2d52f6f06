/**
 * n8n query/form objects -> ordered pairs. Values may be anything an expression yields: undefined/null are
 * dropped, nested objects are sent as compact JSON (the clouds take JSON strings), arrays follow `arrayFormat`.
 */
import type { IDataObject } from 'n8n-workflow';

/** As qs.stringify's option of the same name; `repeat` (k=a&k=b) unless the request asks otherwise. */
export type ArrayFormat = 'repeat' | 'indices' | 'brackets' | 'comma';

function scalar(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Pairs in input order; an array becomes `k=a&k=b`, `k[0]=a&k[1]=b`, `k[]=a&k[]=b` or `k=a,b`. */
export function objectPairs(input: IDataObject, arrayFormat: ArrayFormat): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const key in input) {
		const value = input[key];
		if (!Array.isArray(value)) {
			const text = scalar(value);
			if (text !== undefined) pairs.push([key, text]);
			continue;
		}
		// Arrays inside arrays have no query form: dropped, like undefined entries.
		const values = value.filter((v) => !Array.isArray(v)).map(scalar).filter((v): v is string => v !== undefined);
		if (arrayFormat === 'comma') {
			if (values.length > 0) pairs.push([key, values.join(',')]);
		} else {
			values.forEach((v, i) => pairs.push([arrayFormat === 'repeat' ? key : arrayFormat === 'indices' ? `${key}[${i}]` : `${key}[]`, v]));
		}
	}
	return pairs;
}
