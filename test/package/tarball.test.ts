// The published artifact as n8n meets it: `npm pack` the built tree, unpack the tarball where n8n installs
// community packages (<folder>/node_modules/<name>, seeing only the modules n8n provides at run time), check the
// exact file list, then load it with n8n-core's PackageDirectoryLoader: every node and credential instantiates and
// every icon it points at is inside the package. `npm test` builds first; `npm pack` here skips the prepack build
// (--ignore-scripts) so it packs exactly that build without rebuilding under the other test files' feet.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';

const REPO = resolve(__dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
	name: string;
	main?: string;
	n8n: { nodes: string[]; credentials: string[] };
};
/** What a node or credential may import at run time; n8n resolves these to its own copies (NODE_PATH). */
const RUNTIME_MODULES = ['n8n-workflow', 'zod'];

interface PackResult {
	filename: string;
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

let work: string;
let packed: PackResult;
let unpacked: string;

beforeAll(() => {
	work = mkdtempSync(join(tmpdir(), 'n8n-ai-image-jobs-pack-'));
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	[packed] = JSON.parse(out) as PackResult[];
	const modules = join(work, 'node_modules');
	unpacked = join(modules, PKG.name);
	mkdirSync(unpacked, { recursive: true });
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', unpacked, '--strip-components=1']);
	for (const name of RUNTIME_MODULES) symlinkSync(join(REPO, 'node_modules', name), join(modules, name), 'dir');
}, 120_000);

afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

/** Every file the package must ship, derived from the sources: compiled runtime code, icons, codex files. */
function expectedFiles(): string[] {
	const expected = ['package.json', 'README.md', 'LICENSE.md'];
	for (const root of ['nodes', 'credentials', 'icons']) {
		for (const file of walk(join(REPO, root))) {
			const path = relative(REPO, file).split('\\').join('/');
			if (path.endsWith('.ts') && !path.endsWith('.d.ts') && root !== 'icons') expected.push(`dist/${path.replace(/\.ts$/, '.js')}`);
			else if (/\.(svg|png)$/.test(path) || path.endsWith('.node.json')) expected.push(`dist/${path}`);
		}
	}
	return expected.sort();
}

function walk(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

describe('npm pack', () => {
	it('ships exactly the compiled nodes and credentials, their icons and codex files, README, LICENSE, package.json', () => {
		expect(packed.files.map((f) => f.path).sort()).toEqual(expectedFiles());
		const onDisk = walk(unpacked)
			.map((file) => relative(unpacked, file).split('\\').join('/'))
			.sort();
		expect(onDisk).toEqual(expectedFiles());
	});

	it('has no dangling entry point and lists every node and credential file it ships', () => {
		const shipped = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as typeof PKG;
		if (shipped.main !== undefined) expect(existsSync(join(unpacked, shipped.main))).toBe(true);
		for (const file of [...shipped.n8n.nodes, ...shipped.n8n.credentials]) expect(existsSync(join(unpacked, file))).toBe(true);
	});

	it('loads with n8n-core: every node and credential instantiates, every icon resolves inside the package', async () => {
		const loader = new PackageDirectoryLoader(unpacked);
		await loader.loadAll();
		expect(loader.packageName).toBe(PKG.name);

		const nodes = Object.values(loader.nodeTypes);
		const credentials = Object.values(loader.credentialTypes);
		// sourcePath is the package.json entry; the loader required it from the unpacked folder.
		expect(nodes.map((n) => n.sourcePath).sort()).toEqual([...PKG.n8n.nodes].sort());
		expect(credentials.map((c) => c.sourcePath).sort()).toEqual([...PKG.n8n.credentials].sort());
		for (const { type } of nodes) {
			// None of this package's nodes is versioned (a VersionedNodeType would carry `nodeVersions`).
			expect('nodeVersions' in type).toBe(false);
			const { description } = type as INodeType;
			expect(description.name).toBeTruthy();
			expect(description.properties.length).toBeGreaterThan(0);
			expectIconsShipped(description.iconUrl);
		}
		for (const { type } of credentials) {
			expect(type.name).toMatch(/Api$/);
			expect(type.properties.length).toBeGreaterThan(0);
			expectIconsShipped(type.iconUrl);
		}
	});
});

/** n8n serves `icons/<package>/<path inside the package>`: the file must be in the tarball. */
function expectIconsShipped(iconUrl: unknown): void {
	expect(iconUrl).toBeDefined();
	const urls = typeof iconUrl === 'string' ? [iconUrl] : Object.values(iconUrl as Record<string, string>);
	for (const url of urls) {
		const inside = url.replace(`icons/${PKG.name}/`, '');
		expect(existsSync(join(unpacked, inside))).toBe(true);
	}
}
