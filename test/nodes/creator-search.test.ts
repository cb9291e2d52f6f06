/**
 * Finding the nodes (issue 17 point 1): n8n's node creator ranks search results with `sublimeSearch` from
 * @n8n/utils over display names (weight 1.3) and codex aliases (weight 1), after merging each trigger into the
 * action node whose type name is the trigger's without "Trigger" (useActionsGeneration). This runs the same
 * search over every node of n8n-nodes-base 2.41 plus this package's nodes as n8n-core loads them (codex included),
 * so a rename or a dropped alias that pushes a node down the list fails here; the browser check
 * (`npm run test:n8n -- --ui`) confirms it in the real editor.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { loadPackage } from '../harness/package-loader';

const { sublimeSearch } = require('@n8n/utils/search/sublime-search') as {
	sublimeSearch: <T extends object>(filter: string, data: readonly T[]) => Array<{ score: number; item: T }>;
};
const PACKAGE = 'n8n-nodes-ai-image-jobs';
const baseNodes = require('n8n-nodes-base/dist/types/nodes.json') as INodeTypeDescription[];

interface Entry {
	key: string;
	properties: { displayName: string; codex?: unknown };
}

async function creatorEntries(): Promise<Entry[]> {
	const loader = await loadPackage();
	// As the editor receives them: the type name prefixed with the package name.
	const ours = Object.values(loader.nodeTypes).map(({ type }) => {
		const description = (type as { description: INodeTypeDescription }).description;
		return { ...description, name: `${PACKAGE}.${description.name}` };
	});
	const byName = new Map([...baseNodes, ...ours].map((node) => [node.name, node]));
	const apps = [...byName.values()].filter((node) => !node.group.includes('trigger'));
	const appNames = new Set(apps.map((node) => node.name));
	const standaloneTriggers = [...byName.values()].filter((node) => node.group.includes('trigger') && !appNames.has(node.name.replace('Trigger', '')));
	return [...apps, ...standaloneTriggers].map((node) => ({ key: node.name, properties: { displayName: node.displayName, codex: node.codex } }));
}

const cases: Array<[string, string[]]> = [
	['veImageX', ['veImageX AI Queue']],
	['Volcengine', ['veImageX AI Queue']],
	['VOD', ['Alibaba VOD AI Image']],
	['Alibaba', ['Alibaba VOD AI Image']],
	['AI Image', ['Alibaba VOD AI Image', 'veImageX AI Queue']],
	['callback', ['veImageX AI Queue', 'Alibaba VOD AI Image']],
];

test('the triggers are merged into their action nodes (not listed on their own)', async () => {
	const keys = (await creatorEntries()).map((entry) => entry.key);
	expect(keys.filter((key) => key.startsWith(`${PACKAGE}.`)).sort()).toEqual([
		`${PACKAGE}.aliyunVodAiImage`,
		`${PACKAGE}.veImageXAiQueue`,
	]);
});

test.each(cases)('searching "%s" lists %j first', async (term, expected) => {
	// The editor lower-cases the term before searching.
	const ranked = sublimeSearch(term.toLowerCase(), await creatorEntries()).map(({ item }) => item.properties.displayName);
	expect(ranked.slice(0, expected.length).sort()).toEqual([...expected].sort());
});
