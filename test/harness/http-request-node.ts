// n8n's own HTTP Request node, from n8n-nodes-base at the version n8n 2.41.1 ships (exact devDependency), for the
// harness registry: the credentials are tested with the node users actually pick ("Predefined Credential Type").
// Registered under its real type name, which n8n-core grants access to every credential (FULL_ACCESS_NODE_TYPES).
import type { IVersionedNodeType } from 'n8n-workflow';

export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';
/** The version n8n 2.41 puts on a new HTTP Request node. */
export const HTTP_REQUEST_VERSION = 4.2;

let node: IVersionedNodeType | undefined;

export function httpRequestNode(): IVersionedNodeType {
	if (!node) {
		// Loaded on first use only: n8n-nodes-base is large and most harness runs do not need it.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node') as {
			HttpRequest: new () => IVersionedNodeType;
		};
		node = new HttpRequest();
	}
	return node;
}
