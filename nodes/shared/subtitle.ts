import type { INodeProperties } from 'n8n-workflow';

type Option = { name: string; value: unknown };

function optionsOf(property: INodeProperties | undefined): Option[] {
	return ((property?.options ?? []) as Option[]).filter((option) => typeof option.name === 'string' && 'value' in option);
}

/**
 * The canvas subtitle "Operation: Resource" with the labels the user picked (e.g. "Get Many: Template"), not the
 * internal values ("getAll: template"). Built from the node's own Resource and Operation options so it cannot drift;
 * a combination missing from the map (an expression-set value) falls back to the raw values.
 */
export function operationSubtitle(properties: INodeProperties[]): `={{ ${string} }}` {
	const resourceLabels = new Map(optionsOf(properties.find((property) => property.name === 'resource')).map((option) => [String(option.value), option.name]));
	const labels: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			for (const operation of optionsOf(property)) {
				labels[`${resource}:${String(operation.value)}`] = `${operation.name}: ${resourceLabels.get(resource) ?? resource}`;
			}
		}
	}
	// Parenthesised: a leading `{` would parse as a block; the map is flat, so no `}}` ends the expression early.
	return `={{ (${JSON.stringify(labels)})[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] + ": " + $parameter["resource"] }}`;
}
