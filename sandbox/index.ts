/**
 * Local cloud sandbox (dev only): veImageX + ApsaraVideo VOD emulators behind one loopback listener.
 * Contract: docs/ARCHITECTURE.md "Sandbox"; provider modules: sandbox/core/provider.ts.
 */
export { startSandbox } from './core/server';
export type { Sandbox, SandboxOptions, QuotaLimits, VolcengineCredentialData, AliyunCredentialData } from './core/options';
export type { RequestLogEntry, CallbackLogEntry } from './core/logs';
export type { FaultConfig, FaultSpec, CallbackFaultSpec } from './core/faults';
export { ApiError } from './core/provider';
export type { AccessKeyRecord, SandboxProvider, ProviderContext, ProviderInstance } from './core/provider';
export { DEMO_KEYS } from './core/keys';
export { makeImage, imageSize } from './core/images';
