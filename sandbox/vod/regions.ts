/** Regions of the VOD API hosts (vod-api.md §5.1) and where the AI image family exists (§2.2, §2.6, §5.1). */
import { ApiError } from '../core/provider';
import { actionNotInRegion } from './errors';

export const VOD_REGIONS = [
	'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'cn-hongkong', 'ap-southeast-1', 'ap-northeast-1',
	'ap-southeast-5', 'us-west-1', 'eu-central-1', 'me-central-1', 'cn-north-2-gov-1',
];

const JOB_REGIONS = ['cn-shanghai', 'cn-beijing'];
const TEMPLATE_REGIONS = [...JOB_REGIONS, 'ap-southeast-1'];

export type ActionFamily = 'job' | 'template' | 'callback';

/**
 * A region outside the VOD host table has no host at all (a DNS failure on the real cloud); the sandbox answers
 * 404 InvalidRegionId so a misconfigured endpoint is obvious rather than hanging.
 */
export function assertRegion(action: string, family: ActionFamily, region: string): void {
	if (!VOD_REGIONS.includes(region)) {
		throw new ApiError(404, 'InvalidRegionId', `The region "${region}" has no VOD endpoint (sandbox: use /vod/<region> with one of ${VOD_REGIONS.join(', ')}).`);
	}
	if (family === 'job' && !JOB_REGIONS.includes(region)) throw actionNotInRegion(action, region);
	if (family === 'template' && !TEMPLATE_REGIONS.includes(region)) throw actionNotInRegion(action, region);
}
