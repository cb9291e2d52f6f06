/** What an action handler gets: the caller's region state plus the instance services it needs. */
import type { ProviderContext } from '../core/provider';
import type { VodOptions } from './options';
import type { RegionState, VodState } from './state';
import type { Params } from './validation';

export interface ActionContext {
	params: Params;
	region: string;
	accountId: string;
	state: RegionState;
	all: VodState;
	ctx: ProviderContext;
	options: VodOptions;
	newId(): string;
	now(): number;
}

export type ActionHandler = (a: ActionContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
