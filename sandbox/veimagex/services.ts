/**
 * GetAllImageServices (Version 2018-08-01, GET, query `SearchPtn`). Source: the official Node SDK
 * (@volcengine/openapi 1.36.2, lib/services/imagex/client.js + type.d.ts `GetAllImageServicesRes`), not the
 * provider reference, which does not list this action. Each (account, region) has the seeded services below.
 * Like the real API the answer carries the URL-signing keys `PrimaryKey`/`SecondaryKey`: they are secrets, so the
 * node must drop them, and the request log (query params only) never sees them.
 */
import { createHash } from 'node:crypto';

import type { ActionInput } from './actionTypes';
import { beijingTime } from './model';

/** Version of the service-management API family (the AI queue actions use 2023-05-01). */
export const SERVICES_VERSION = '2018-08-01';
/** The ServiceId demo/flows/veimagex.ts submits with; CreateImageAITask/AIProcess still accept any ServiceId. */
export const DEFAULT_SERVICE_ID = 'demo-service';

export interface Service {
	ServiceId: string;
	ServiceName: string;
	/** Service whose default domain serves the sandbox's result files. */
	servesFiles: boolean;
	extraDomain?: string;
}

export const SEEDED_SERVICES: Service[] = [
	{ ServiceId: DEFAULT_SERVICE_ID, ServiceName: 'n8n-demo', servesFiles: true },
	{ ServiceId: 'zh8k1q3p7w', ServiceName: 'product-images', servesFiles: false, extraDomain: 'img.shop.example.com' },
];

/** `ServiceRegion` codes confirmed by the SDK models: `cn`, `sg` and `va` (US East, us-east-1). Regions beyond
 *  those three have no confirmed code: their first segment is an UNVERIFIED guess. */
function serviceRegion(region: string): string {
	if (region.startsWith('cn-')) return 'cn';
	if (region.startsWith('ap-')) return 'sg';
	if (region === 'us-east-1') return 'va';
	return region.split('-')[0];
}

function domain(DomainName: string, IsDefault: boolean) {
	return { DomainName, IsDefault, Status: '正常', CNAME: `${DomainName}.volcimagex.cn`, UrlAuth: false };
}

function render(service: Service, region: string, input: ActionInput) {
	// Result files live at `<base>/files/veimagex/<ObjectKey>`: `http://` + this DomainName is a working
	// "Result Domain" for the node. A real DomainName is a bare host; the path is the sandbox's only deviation.
	const filesDomain = input.ctx.files.url('').replace(/^https?:\/\//, '').replace(/\/+$/, '');
	const DomainInfos = [domain(service.servesFiles ? filesDomain : `${service.ServiceId}.veimagex.sandbox.invalid`, true)];
	if (service.extraDomain) DomainInfos.push(domain(service.extraDomain, false));
	// Stable per account and service like real keys, and without drawing from the seeded random source.
	const keyOf = (which: string) => createHash('sha256').update(`${input.scopeKey}|${service.ServiceId}|${which}`).digest('hex').slice(0, 32);
	return {
		ServiceId: service.ServiceId,
		ServiceName: service.ServiceName,
		ServiceRegion: serviceRegion(region),
		ServiceStatus: '正常',
		ServiceType: 'Image',
		CreateAt: beijingTime(Date.UTC(2024, 2, 1, 2, 30, 0)),
		ProjectName: 'default',
		AllowBkts: [`tos-cn-i-${service.ServiceId}`],
		TemplatePrefix: `tplv-${service.ServiceId}-`,
		HasSigkey: true,
		PrimaryKey: keyOf('primary'),
		SecondaryKey: keyOf('secondary'),
		DomainInfos,
	};
}

export function getAllServices(input: ActionInput) {
	const needle = input.query.SearchPtn ?? '';
	// SDK doc: "returns the services whose name or ID contains the string"; case-sensitive (UNVERIFIED).
	const matching = SEEDED_SERVICES.filter((s) => !needle || s.ServiceId.includes(needle) || s.ServiceName.includes(needle));
	const region = input.scopeKey.split('|')[1] ?? 'cn-north-1';
	return { Services: matching.map((s) => render(s, region, input)) };
}
