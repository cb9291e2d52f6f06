/** Parameter readers that answer like the service: MissingParameter-style InvalidParameter with the field name. */
import { Errors } from './errors';

export type Bag = Record<string, unknown>;

export function parseJsonBody(body: Buffer): Bag {
	if (body.length === 0) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8'));
	} catch {
		throw Errors.invalidParameter('request body is not valid JSON');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw Errors.invalidParameter('request body must be a JSON object');
	}
	return parsed as Bag;
}

export function reqString(bag: Bag, name: string): string {
	const v = bag[name];
	if (v === undefined || v === null || v === '') throw Errors.invalidParameter(`${name} is required`);
	if (typeof v !== 'string') throw Errors.invalidParameter(`${name} must be a string`);
	return v;
}

export function optString(bag: Bag, name: string): string | undefined {
	const v = bag[name];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string') throw Errors.invalidParameter(`${name} must be a string`);
	return v;
}

export function optBool(bag: Bag, name: string): boolean | undefined {
	const v = bag[name];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'boolean') throw Errors.invalidParameter(`${name} must be a boolean`);
	return v;
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
	if (!(allowed as readonly string[]).includes(value)) {
		throw Errors.invalidParameter(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
	}
	return value as T;
}

/** Integer query parameter; `required` and inclusive bounds. */
export function queryInt(
	q: Record<string, string>,
	name: string,
	opts: { required?: boolean; min?: number; max?: number; fallback?: number },
): number | undefined {
	const raw = q[name];
	if (raw === undefined || raw === '') {
		if (opts.required) throw Errors.invalidParameter(`${name} is required`);
		return opts.fallback;
	}
	if (!/^-?\d+$/.test(raw)) throw Errors.invalidParameter(`${name} must be an integer; got ${JSON.stringify(raw)}`);
	const n = Number(raw);
	if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
		throw Errors.invalidParameter(`${name} must be between ${opts.min} and ${opts.max}; got ${n}`);
	}
	return n;
}

export function queryString(q: Record<string, string>, name: string, required = false): string | undefined {
	const v = q[name];
	if ((v === undefined || v === '') && required) throw Errors.invalidParameter(`${name} is required`);
	return v === '' ? undefined : v;
}

const SEVEN_DAYS_S = 7 * 24 * 3600;

/** StartTime/EndTime in unix seconds, both required, window ≤ 7 days. */
export function timeWindow(q: Record<string, string>): { startS: number; endS: number } {
	const startS = queryInt(q, 'StartTime', { required: true, min: 0 })!;
	const endS = queryInt(q, 'EndTime', { required: true, min: 0 })!;
	if (endS < startS) throw Errors.invalidParameter('EndTime must not be earlier than StartTime');
	if (endS - startS > SEVEN_DAYS_S) {
		throw Errors.invalidParameter('the time range between StartTime and EndTime must not exceed 7 days');
	}
	return { startS, endS };
}
