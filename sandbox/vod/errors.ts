/**
 * VOD / POP-gateway errors (vod-api.md §5.4) as the core's ApiError. The provider renders them into
 * {RequestId, HostId, Code, Message, Recommend} with the documented HTTP status.
 */
import { ApiError } from '../core/provider';

export const missingParameter = (name: string) =>
	new ApiError(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

export const invalidParameter = (name: string, why: string) =>
	new ApiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid. ${why}`);

/** UNVERIFIED code: VOD's documented template errors do not cover AI templates; a 404 "*.NotFound" is the POP pattern. */
export const templateNotFound = (id: string) =>
	new ApiError(404, 'InvalidTemplate.NotFound', `The specified template "${id}" does not exist.`);

/** Documented `Forbidden` (403): used for operations the service refuses on System/default templates. */
export const forbidden = (why: string) => new ApiError(403, 'Forbidden', why);

/**
 * Job and image APIs exist only in cn-shanghai / cn-beijing (templates also in ap-southeast-1). The real answer
 * elsewhere is undocumented; we answer as the POP gateway does for an API not deployed on a host
 * (InvalidAction.NotFound, HTTP 404): a client must treat it as a configuration error and never retry it.
 */
export const actionNotInRegion = (action: string, region: string) =>
	new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method. (${action} is not available in ${region})`);

export const unknownAction = (action: string) =>
	new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method. (${action})`);

/**
 * Throttling.User with HTTP 400, as in the POP error tables (vod-api.md §5.4; some gateways use 429/503), plus the
 * newer gateways' `x-acs-retry-after` header in ms — clients must detect throttling by Code AND by that header.
 */
export const throttled = (retryAfterMs: number) =>
	new ApiError(400, 'Throttling.User', 'Request was denied due to user flow control.', {
		headers: { 'x-acs-retry-after': String(Math.max(1, Math.ceil(retryAfterMs))) },
	});

export const internalError = () =>
	new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.');

/** Envelope of any error: HostId is the regional VOD host that the `/vod/<region>` path stands in for. */
export function errorEnvelope(err: ApiError, requestId: string, region: string | undefined): Record<string, unknown> {
	return {
		RequestId: requestId,
		HostId: region ? `vod.${region}.aliyuncs.com` : 'vod.aliyuncs.com',
		Code: err.code,
		Message: err.message,
		Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Vod&requestId=${requestId}`,
		...err.extra,
	};
}
