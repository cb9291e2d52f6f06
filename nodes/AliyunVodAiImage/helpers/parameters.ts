/** Typed readers for this node's parameters (see nodes/shared/validate): every failure names field, item and fix. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from '../../shared/errors';
import { at, checkIdList, checkId, checkText, type TextRules } from '../../shared/validate';
import { isWellFormedId } from './parse';

type Fns = Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter'>;

/**
 * A one-line text parameter, trimmed. An expression that resolves to nothing (`{{ $json.VideoId }}` on an item
 * without that field) gives '' so the field's "is empty" check catches it, instead of sending the text "undefined";
 * objects, lists and booleans are refused instead of being sent as "[object Object]", "a,b" or "true".
 */
export function textParameter(fns: Fns, name: string, itemIndex: number, field: string, rules: TextRules): string {
	return checkText(at(fns, itemIndex), field, fns.getNodeParameter(name, itemIndex, ''), { singleLine: true, ...rules });
}

/** One ID (resource locators included): no blanks, control characters or `&?#/`, at most 128 characters. */
export function idParameter(fns: Fns, name: string, itemIndex: number, field: string, rules: TextRules): string {
	const id = checkId(at(fns, itemIndex), field, fns.getNodeParameter(name, itemIndex, '', { extractValue: true }), { ...rules, required: false });
	if (rules.required && !id) throw fieldError(fns.getNode(), itemIndex, field, rules.emptyProblem ?? 'is empty', rules.fix);
	return id;
}

/**
 * Several VOD IDs (JobIds, AIImageInfoIds): a list or comma-separated text. VOD IDs are hex strings; anything else
 * would make the whole batch of 10 fail, so each is checked here.
 */
export function vodIdsParameter(fns: Fns, name: string, itemIndex: number, field: string, rules: TextRules & { what: string }): string[] {
	// Commas and blanks only: "a;b" is a malformed ID (refused below), as VOD would refuse it.
	const ids = checkIdList(at(fns, itemIndex), field, fns.getNodeParameter(name, itemIndex, ''), { ...rules, separators: /[\s,]+/ });
	const malformed = ids.find((id) => !isWellFormedId(id));
	if (malformed) throw fieldError(fns.getNode(), itemIndex, field, `"${malformed.slice(0, 80)}" is not ${rules.what}`, rules.fix);
	return ids;
}
