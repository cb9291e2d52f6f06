/**
 * Region -> host tables and region guards, shared by the credentials (to resolve relative URLs) and the nodes
 * (to refuse region-restricted actions before sending). Sources: veimagex-api.md §5, vod-api.md §5.1.
 */

interface EndpointCredentials {
	region?: unknown;
	endpoint?: unknown;
}

export const VOLCENGINE_REGION_HOSTS: Readonly<Record<string, string>> = {
	'cn-north-1': 'imagex.volcengineapi.com',
	'ap-southeast-1': 'imagex.ap-southeast-1.volcengineapi.com',
	// Legacy hosts use a hyphen, not a dot, before the region.
	'ap-singapore-1': 'imagex-ap-singapore-1.volcengineapi.com',
	'us-east-1': 'imagex-us-east-1.volcengineapi.com',
};

export const VOLCENGINE_DEFAULT_REGION = 'cn-north-1';

/** The task and detail APIs (and synchronous AIProcess) exist only in cn-north-1. */
export const VEIMAGEX_CN_NORTH_ONLY_ACTIONS: readonly string[] = [
	'CreateImageAITask',
	'GetImageAITasks',
	'GetImageAIDetails',
	'AIProcess',
];

/** AI image jobs: Shanghai and Beijing only. */
export const VOD_JOB_REGIONS: readonly string[] = ['cn-shanghai', 'cn-beijing'];
/** AI templates: the job regions plus Singapore. */
export const VOD_TEMPLATE_REGIONS: readonly string[] = [...VOD_JOB_REGIONS, 'ap-southeast-1'];

export const VOD_DEFAULT_REGION = 'cn-shanghai';

/** Regions with a dedicated VOD endpoint (TS SDK endpoint map); cn-hangzhou is served by Shanghai. */
export const VOD_REGIONS: readonly string[] = [
	'cn-shanghai',
	'cn-beijing',
	'cn-shenzhen',
	'cn-hongkong',
	'ap-southeast-1',
	'ap-northeast-1',
	'ap-southeast-5',
	'us-west-1',
	'eu-central-1',
	'me-central-1',
	'cn-north-2-gov-1',
];

const VOD_REGION_ALIASES: Readonly<Record<string, string>> = { 'cn-hangzhou': 'cn-shanghai' };

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** An endpoint override without its trailing slash, or '' when unset. Accepts a bare host (https assumed). */
export function normaliseEndpoint(endpoint: unknown): string {
	const value = text(endpoint).replace(/\/+$/, '');
	if (value === '') return '';
	return /^https?:\/\//i.test(value) ? value : `https://${value}`;
}

export function volcengineRegion(creds: EndpointCredentials): string {
	return text(creds.region) || VOLCENGINE_DEFAULT_REGION;
}

export function volcengineHost(region: string): string {
	// Unknown regions follow the current documented pattern (dot form).
	return VOLCENGINE_REGION_HOSTS[region] ?? `imagex.${region}.volcengineapi.com`;
}

/** Endpoint override if set (may carry a path prefix such as `/veimagex`), else the region's host. */
export function volcengineBaseUrl(creds: EndpointCredentials): string {
	return normaliseEndpoint(creds.endpoint) || `https://${volcengineHost(volcengineRegion(creds))}`;
}

export function vodRegion(creds: EndpointCredentials): string {
	const region = text(creds.region) || VOD_DEFAULT_REGION;
	return VOD_REGION_ALIASES[region] ?? region;
}

export function vodHost(region: string): string {
	return `vod.${VOD_REGION_ALIASES[region] ?? region}.aliyuncs.com`;
}

/** Endpoint override if set (may carry a path such as `/vod/cn-shanghai`), else `https://vod.<region>.aliyuncs.com`. */
export function vodBaseUrl(creds: EndpointCredentials): string {
	return normaliseEndpoint(creds.endpoint) || `https://${vodHost(vodRegion(creds))}`;
}

export function isVeImageXActionAllowed(action: string, region: string): boolean {
	return region === VOLCENGINE_DEFAULT_REGION || !VEIMAGEX_CN_NORTH_ONLY_ACTIONS.includes(action);
}
