/**
 * Provider modules, loaded lazily by a computed path so the tree compiles and runs before a provider exists.
 * A module exports `provider: SandboxProvider` (see provider.ts). A missing or broken module leaves its route
 * answering 501 with the load error, instead of taking the whole sandbox down.
 */
import type { ProviderName, SandboxProvider } from './provider';

export const PROVIDER_MODULES: Record<ProviderName, string> = {
	veimagex: '../veimagex/index',
	vod: '../vod/index',
};

export type LoadedProvider = { provider: SandboxProvider } | { error: string };

export async function loadProvider(name: ProviderName): Promise<LoadedProvider> {
	const path = PROVIDER_MODULES[name];
	try {
		const mod = (await import(path)) as { provider?: SandboxProvider };
		if (!mod.provider || typeof mod.provider.create !== 'function') {
			return { error: `${path} does not export 'provider: SandboxProvider'` };
		}
		return { provider: mod.provider };
	} catch (error) {
		return { error: `cannot load ${path}: ${(error as Error).message.split('\n')[0]}` };
	}
}
