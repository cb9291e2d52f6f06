// Loads the BUILT package from the repo root exactly as n8n loads an installed community package:
// n8n-core's PackageDirectoryLoader reads package.json `n8n.nodes` / `n8n.credentials` and requires dist/…js.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PackageDirectoryLoader } from 'n8n-core';

export const REPO_ROOT = resolve(__dirname, '..', '..');

let cached: Promise<PackageDirectoryLoader> | undefined;

/** One loader per jest worker (module registry = worker), like n8n's one loader per process. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	cached ??= (async () => {
		assertBuilt();
		const loader = new PackageDirectoryLoader(REPO_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return await cached;
}

/** Fail with the fix instead of a bare ENOENT when the package was not built (`npm test` builds first). */
function assertBuilt(): void {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = files.filter((file) => !existsSync(join(REPO_ROOT, file)));
	if (missing.length > 0) {
		throw new Error(`Built package files missing: ${missing.join(', ')}. Run \`npm run build\` first.`);
	}
}
