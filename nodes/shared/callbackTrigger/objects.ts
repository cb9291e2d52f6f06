/**
 * Callback bodies come from the open internet: their depth and their keys are chosen by whoever sends them.
 * Everything here is iterative (no recursion on attacker-controlled depth) and never writes through a
 * `__proto__` key (which would give an item an attacker-chosen prototype).
 */

/** Deepest nesting accepted in a callback body (JSON and XML alike); real bodies stay below 10. */
export const MAX_BODY_DEPTH = 32;

/** True when objects/arrays in `value` nest deeper than `limit` levels (a scalar is depth 0). Iterative. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
	const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	while (stack.length > 0) {
		const { value: current, depth } = stack.pop()!;
		if (current === null || typeof current !== 'object') continue;
		if (depth + 1 > limit) return true;
		const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
		for (const child of children) if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
	}
	return false;
}

/** Sets `key` as an own data property, even when it is `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
	else target[key] = value;
}

/** Object.assign without its `__proto__` setter (Object.assign writes through it); same speed otherwise. */
export function assignOwn<T extends Record<string, unknown>>(target: T, ...sources: Array<Record<string, unknown>>): T {
	for (const source of sources) for (const key of Object.keys(source)) setOwn(target, key, source[key]);
	return target;
}

/** Literal output of canonicalText, told apart from values by its class. */
class Token {
	constructor(readonly text: string) {}
}
const CLOSE_ARRAY = new Token(']');
const CLOSE_OBJECT = new Token('}');

/**
 * A canonical text of a value: keys sorted, strings trimmed, so the same content written with other whitespace
 * or key order gives the same text. Iterative, like everything here.
 */
export function canonicalText(value: unknown): string {
	let out = '';
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const current = stack.pop();
		if (current instanceof Token) {
			out += current.text;
		} else if (typeof current === 'string') {
			out += JSON.stringify(current.trim());
		} else if (Array.isArray(current)) {
			out += '[';
			stack.push(CLOSE_ARRAY);
			for (let i = current.length - 1; i >= 0; i--) stack.push(current[i], new Token(','));
		} else if (current !== null && typeof current === 'object') {
			out += '{';
			stack.push(CLOSE_OBJECT);
			const record = current as Record<string, unknown>;
			const keys = Object.keys(record).sort();
			for (let i = keys.length - 1; i >= 0; i--) stack.push(record[keys[i]], new Token(`${JSON.stringify(keys[i])}:`), new Token(','));
		} else {
			out += String(current);
		}
	}
	return out;
}
