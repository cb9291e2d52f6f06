// What the browser check opens, read from the BUILT node descriptions (dist/, what n8n loads): one panel per
// resource × operation of each action node and one per trigger event, each with the parameters the editor itself
// would set (n8n-workflow's getNodeParameters: defaults of what is displayed) and the pickers it must show. A new
// operation or picker is checked without editing this file.
import { join } from 'node:path';
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { PACKAGE, ROOT } from '../n8n-app';

export interface Panel {
	/** Node name on the canvas, unique per workflow: "Queue · Get Many". */
	name: string;
	nodeType: string;
	description: INodeTypeDescription;
	parameters: INodeParameters;
	/** Resource locators displayed at the top level of the panel (their "From List" must load). */
	pickers: string[];
	/** What the canvas subtitle should read: the labels, e.g. "Get Many: Queue" (action nodes). */
	subtitle?: string;
}

/** Built node classes by type name, from package.json `n8n.nodes` (as n8n's loader finds them). */
export function builtNodes(): INodeTypeDescription[] {
	const { n8n } = require(join(ROOT, 'package.json')) as { n8n: { nodes: string[] } };
	return n8n.nodes.map((file) => {
		const exported = require(join(ROOT, file)) as Record<string, new () => INodeType>;
		return new (Object.values(exported)[0])().description;
	});
}

const labelOf = (property: INodeProperties | undefined, value: unknown): string =>
	String((property?.options as Array<{ name: string; value: unknown }> | undefined)?.find((option) => option.value === value)?.name ?? value);

function panel(description: INodeTypeDescription, name: string, values: INodeParameters): Panel {
	const parameters = NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: 1 }, description) ?? {};
	const pickers = description.properties
		.filter((property) => property.type === 'resourceLocator' && property.name in parameters)
		.filter((property) => NodeHelpers.displayParameter(parameters, property, { typeVersion: 1 }, description))
		.map((property) => property.name);
	return { name, nodeType: `${PACKAGE}.${description.name}`, description, parameters, pickers };
}

export function panelsOf(description: INodeTypeDescription): Panel[] {
	const resource = description.properties.find((property) => property.name === 'resource');
	if (!resource) {
		// A trigger: one panel per option of its Event(s) property, the entries the node creator lists.
		const event = description.properties.find((property) => property.type === 'options' && /^Events?$/.test(property.displayName));
		const events = (event?.options ?? []) as Array<{ name: string; value: string }>;
		return events.map((option) => panel(description, `${description.displayName} · ${option.name}`, { [event!.name]: option.value }));
	}
	const panels: Panel[] = [];
	for (const r of (resource.options ?? []) as Array<{ name: string; value: string }>) {
		const operations = description.properties.find(
			(property) => property.name === 'operation' && ((property.displayOptions?.show?.resource ?? []) as string[]).includes(r.value),
		);
		for (const operation of (operations?.options ?? []) as Array<{ name: string; value: string }>) {
			const p = panel(description, `${r.name} · ${operation.name}`, { resource: r.value, operation: operation.value });
			p.subtitle = `${labelOf(operations, operation.value)}: ${labelOf(resource, r.value)}`;
			panels.push(p);
		}
	}
	return panels;
}

/** The credential a node of this description takes (each has exactly one). */
export const credentialTypeOf = (description: INodeTypeDescription): string => description.credentials?.[0]?.name ?? '';

/** One workflow holding the given panels as nodes in a grid, each with a credential. */
export function panelWorkflow(id: string, name: string, panels: Panel[], credential: (type: string) => { id: string; name: string }): object {
	const nodes: INode[] = panels.map((p, index) => {
		const type = credentialTypeOf(p.description);
		return {
			id: `${id}-${index}`,
			name: p.name,
			type: p.nodeType,
			typeVersion: 1,
			position: [(index % 5) * 320, Math.floor(index / 5) * 260],
			parameters: p.parameters,
			credentials: { [type]: credential(type) },
			...(p.description.webhooks?.length ? { webhookId: `${id}-hook-${index}` } : {}),
		};
	});
	return { id, name, nodes, connections: {}, active: false, settings: { executionOrder: 'v1' }, pinData: {} };
}
