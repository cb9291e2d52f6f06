import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem } from '../../shared/items';
import { assertRegion, getVodContext } from '../helpers/context';
import { asNodeError } from '../../shared/perItem';
import { SecretScrubber } from '../../shared/secrets';
import type { RegionScope, VodContext } from '../helpers/context';
import * as callbackSettings from './callbackSettings';
import * as image from './image';
import * as job from './job';
import * as template from './template';

type Operation = { execute: (this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext) => Promise<INodeExecutionData[]> };

const resources: Record<string, { scope: RegionScope; operations: Record<string, Operation> }> = {
	job: { scope: 'job', operations: job as unknown as Record<string, Operation> },
	image: { scope: 'job', operations: image as unknown as Record<string, Operation> },
	template: { scope: 'template', operations: template as unknown as Record<string, Operation> },
	callbackSettings: { scope: 'any', operations: callbackSettings as unknown as Record<string, Operation> },
};

/** The callback AuthKeys this run sends (Callback Settings > Set): secrets of their own. */
function callbackAuthKeys(fns: IExecuteFunctions, resource: string, count: number): string[] {
	if (resource !== 'callbackSettings') return [];
	const keys: string[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const key = fns.getNodeParameter('authKey', itemIndex, '') as unknown;
		if (typeof key === 'string') keys.push(key);
	}
	return keys;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.operations[operation];
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// Every output item and every error leaves through the scrubber: credential secrets and callback AuthKeys.
	let scrubber = new SecretScrubber([]);
	let failure: unknown;
	try {
		const context = await getVodContext.call(this);
		scrubber = new SecretScrubber([...context.secrets, ...callbackAuthKeys(this, resource, items.length)]);
		// Before any request: these APIs simply do not exist in other regions.
		assertRegion.call(this, context, resources[resource].scope);
		return [scrubber.items(await handler.execute.call(this, items, context))];
	} catch (error) {
		failure = error;
	}
	// Operations turn item failures into error items themselves; this covers what fails for the whole run
	// (credential, region). Under Continue On Fail, n8n would otherwise pass the input items through unchanged.
	if (!this.continueOnFail()) throw scrubber.error(asNodeError.call(this, failure, 0));
	return [scrubber.items(items.map((_, itemIndex) => errorItem(asNodeError.call(this, failure, itemIndex), itemIndex)))];
}
