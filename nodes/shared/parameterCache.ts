import type { IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** The raw (unresolved) value at a parameter path such as `options.retryUncertain`. */
function rawValue(parameters: unknown, name: string): unknown {
	let value = parameters;
	for (const key of name.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * A per-execution view of `this` whose getNodeParameter resolves a parameter once when it holds no expression:
 * batched operations read several parameters for each of up to tens of thousands of items before the first
 * request, and only expressions can differ between items. Callers must not mutate the values they get.
 */
export function withParameterCache(ctx: IExecuteFunctions): IExecuteFunctions {
	const raw = ctx.getNode().parameters;
	const cache = new Map<string, unknown>();
	const getNodeParameter = ((name: string, itemIndex: number, fallback?: unknown, options?: object) => {
		const key = `${name}|${JSON.stringify(options ?? {})}`;
		if (cache.has(key)) return cache.get(key);
		const value = ctx.getNodeParameter(name, itemIndex, fallback as NodeParameterValueType, options);
		if (!hasExpression(rawValue(raw, name))) cache.set(key, value);
		return value;
	}) as IExecuteFunctions['getNodeParameter'];
	return new Proxy(ctx, {
		get(target, property, receiver) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value = Reflect.get(target, property, receiver) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
