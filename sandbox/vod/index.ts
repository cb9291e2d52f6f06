/** VOD emulator entry point loaded by the sandbox core registry (`provider`), plus a factory for custom knobs. */
import { createVodProvider } from './provider';
import { vodOptionsFromEnv } from './options';

export { createVodProvider, VOD_QUOTAS, VOD_VERSION } from './provider';
export { DEFAULT_VOD_OPTIONS, type VodOptions } from './options';

export const provider = createVodProvider(vodOptionsFromEnv(process.env));
