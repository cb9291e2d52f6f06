/** User JSON parameters: parsed and checked against a zod schema before anything is sent. */
import type { INode } from 'n8n-workflow';
import { z } from 'zod';

import { fieldError } from './errors';

export interface JsonParameterSpec<Schema extends z.ZodTypeAny> {
	/** The field as the user sees it, e.g. 'Template Config (JSON)'. */
	field: string;
	schema: Schema;
	/** What to do when the text is not JSON or does not match (unless the failing check carries its own fix). */
	fix: string;
	/** Fixes for checks at a path (e.g. 'Format'), when the schema cannot carry one in `params.fix`. */
	fixes?: Record<string, string>;
	/** Present = what an empty text stands for; absent = an empty text is invalid JSON. */
	empty?: { value: z.output<Schema> };
}

/** A JSON object, whatever it holds. */
export const jsonObject = z.record(z.unknown(), { invalid_type_error: 'must be a JSON object' });

/** `a.b[0]` for a zod issue path; '' at the root. */
function pathText(path: Array<string | number>): string {
	return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

/**
 * Parses a JSON parameter (n8n passes a string, or an object when an expression built one) and validates it.
 * Throws a field-named NodeOperationError: `<field>: <what is wrong, at which path>` with the fix as description.
 */
export function parseJsonParameter<Schema extends z.ZodTypeAny>(
	node: INode,
	itemIndex: number,
	value: unknown,
	spec: JsonParameterSpec<Schema>,
): z.output<Schema> {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '' && spec.empty) return spec.empty.value;
		try {
			parsed = JSON.parse(value) as unknown;
		} catch (error) {
			throw fieldError(node, itemIndex, spec.field, `is not valid JSON (${(error as Error).message})`, `${spec.fix} Use double-quoted keys and no trailing commas.`);
		}
	}
	const result = spec.schema.safeParse(parsed);
	if (result.success) return result.data as z.output<Schema>;
	const issue = result.error.issues[0];
	const path = pathText(issue.path);
	const fix = (issue.code === 'custom' ? (issue.params?.fix as string | undefined) : undefined) ?? spec.fixes?.[path] ?? spec.fix;
	throw fieldError(node, itemIndex, spec.field, path ? `${path} ${issue.message}` : issue.message, fix);
}
