/** What every veImageX action handler receives. */
import type { ProviderContext, RequestMeta, SandboxRequest } from '../core/provider';
import type { Scope } from './model';
import type { Bag } from './params';
import type { Engine } from './engine';

export interface ActionInput {
	req: SandboxRequest;
	meta: RequestMeta;
	/** Parsed JSON body (POST actions) — `{}` for GET. */
	body: Bag;
	/** Decoded query (GET actions). */
	query: Record<string, string>;
	scope: Scope;
	scopeKey: string;
	ctx: ProviderContext;
	engine: Engine;
	newId: () => string;
	now: () => number;
}

export interface ActionSpec {
	method: 'GET' | 'POST';
	cnNorth1Only?: boolean;
	/** API Version of the action; default the AI queue family's 2023-05-01. */
	version?: string;
	/** Requests per second per account (veimagex-api.md §3). */
	qps: number;
	/** Returns the `Result` (undefined = ResponseMetadata only). */
	run(input: ActionInput): unknown | Promise<unknown>;
}
