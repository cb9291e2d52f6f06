/**
 * Response bodies. RPC-signed calls without `Format=JSON` get XML, as the real gateway's default (vod-api.md §4.1),
 * so a client that forgets the parameter fails here as it would on the cloud.
 */
import type { ProviderResponse } from '../core/provider';

const escapeXml = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `FooList: [..]` -> `<FooList><Foo>..</Foo></FooList>` (POP's XML list convention). */
function toXml(name: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) {
		const item = name.endsWith('List') ? name.slice(0, -4) : 'item';
		return `<${name}>${value.map((v) => toXml(item, v)).join('')}</${name}>`;
	}
	if (typeof value === 'object') {
		const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => toXml(k, v)).join('');
		return `<${name}>${inner}</${name}>`;
	}
	return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function renderBody(
	status: number,
	body: Record<string, unknown>,
	xmlRoot: string | undefined,
	headers: Record<string, string> = {},
	code?: string,
): ProviderResponse {
	if (xmlRoot === undefined) return { status, body, headers, code };
	const xml = `<?xml version='1.0' encoding='UTF-8'?>${toXml(xmlRoot, body)}`;
	return { status, body: xml, headers: { ...headers, 'content-type': 'text/xml;charset=utf-8' }, code };
}
