/** Request parameters of an RPC call: query string plus an urlencoded form body (the gateway merges both). */
import { parseQueryString } from '../../credentials/common/signing';
import type { SandboxRequest } from '../core/provider';

export function isFormBody(req: SandboxRequest): boolean {
	return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') && req.body.length > 0;
}

/** Query pairs then form-body pairs, decoded, in wire order. */
export function requestPairs(req: SandboxRequest): Array<[string, string]> {
	const form = isFormBody(req) ? parseQueryString(req.body.toString('utf8')) : [];
	return [...req.query, ...form];
}

/** Last value per key; the ACS3 `x-acs-action` / `x-acs-version` headers stand in for Action / Version. */
export function requestParams(req: SandboxRequest): Record<string, string> {
	const params: Record<string, string> = {};
	for (const [key, value] of requestPairs(req)) params[key] = value;
	if (params.Action === undefined && req.headers['x-acs-action']) params.Action = req.headers['x-acs-action'];
	if (params.Version === undefined && req.headers['x-acs-version']) params.Version = req.headers['x-acs-version'];
	return params;
}

/** Signing and secret-bearing parameters never reach the request log. */
const UNLOGGED = new Set(['Signature', 'SecurityToken', 'AuthKey', 'AccessKeySecret']);

export function loggableParams(params: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(params).filter(([key]) => !UNLOGGED.has(key)));
}

/** RPC-signed requests default to XML unless `Format=JSON` (vod-api.md §4.1); ACS3 answers JSON. */
export function wantsXml(req: SandboxRequest, params: Record<string, string>): boolean {
	if ((req.headers.authorization ?? '').startsWith('ACS3-')) return false;
	return (params.Format ?? 'XML').toUpperCase() !== 'JSON';
}
