import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SecretScrubber } from '../../shared/secrets';
import { errorItem } from '../../shared/items';
import { asNodeError } from '../../shared/perItem';
import { CREDENTIAL_TYPE, credentialSecrets } from '../transport';
import * as entry from './entry';
import * as processResource from './process';
import * as queue from './queue';
import * as task from './task';

type Operation = { execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, unknown>> = { queue, task, entry, process: processResource };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation] as Operation | undefined;
	if (!handler || typeof handler.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// Every output item and every error leaves through the scrubber (an answer may echo the request's token).
	let scrubber = new SecretScrubber([]);
	let failure: unknown;
	try {
		scrubber = new SecretScrubber(credentialSecrets(await this.getCredentials(CREDENTIAL_TYPE)));
		return [scrubber.items(await handler.execute.call(this, items))];
	} catch (error) {
		failure = error;
	}
	// Operations turn item failures into error items themselves; this covers what fails for the whole run (the
	// credential). Under Continue On Fail, n8n would otherwise pass the input items through unchanged.
	if (!this.continueOnFail()) throw scrubber.error(asNodeError.call(this, failure, 0));
	return [scrubber.items(items.map((_, itemIndex) => errorItem(asNodeError.call(this, failure, itemIndex), itemIndex)))];
}
