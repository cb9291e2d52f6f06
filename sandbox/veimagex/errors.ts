/**
 * veImageX error catalogue (veimagex-api.md §6.2) and the envelope renderer. Gateway codes carry their documented
 * CodeN; business validation errors (`InvalidParameter`, `ResourceNotFound`) have no published CodeN, so the
 * sandbox sends none — nodes must match on HTTP status and `Code`, never on `CodeN` (see sandbox/README.md).
 */
import { ApiError } from '../core/provider';
import type { ProviderResponse, RequestMeta, SandboxRequest } from '../core/provider';

export const VERSION = '2023-05-01';
export const SERVICE = 'ImageX';

const e = (status: number, code: string, codeN?: number) => (message: string) =>
	new ApiError(status, code, message, codeN === undefined ? {} : { codeN });

export const Errors = {
	missingParameter: e(400, 'MissingParameter', 100002),
	missingAuthenticationToken: e(401, 'MissingAuthenticationToken', 100003),
	missingRequestInfo: e(400, 'MissingRequestInfo', 100004),
	missingSignature: e(401, 'MissingSignature', 100005),
	invalidTimestamp: e(400, 'InvalidTimestamp', 100006),
	serviceNotFound: e(404, 'ServiceNotFound', 100007),
	invalidActionOrVersion: e(404, 'InvalidActionOrVersion', 100008),
	invalidAccessKey: e(401, 'InvalidAccessKey', 100009),
	signatureDoesNotMatch: e(401, 'SignatureDoesNotMatch', 100010),
	internalError: e(500, 'InternalError', 100014),
	// CodeN 100018 is likely but UNVERIFIED (veimagex-api.md §6.2 †); no Retry-After: the reference documents none.
	flowLimitExceeded: e(429, 'FlowLimitExceeded', 100018),
	methodNotAllowed: e(405, 'MethodNotAllowed'),
	invalidParameter: e(400, 'InvalidParameter'),
	resourceNotFound: e(404, 'ResourceNotFound'),
};

export function responseMetadata(req: SandboxRequest, meta: RequestMeta) {
	return {
		RequestId: req.requestId,
		Action: meta.action ?? req.queryMap.Action ?? '',
		Version: meta.version ?? req.queryMap.Version ?? '',
		Service: SERVICE,
		Region: meta.region ?? 'cn-north-1',
	};
}

export function renderError(err: ApiError, req: SandboxRequest, meta: RequestMeta): ProviderResponse {
	const Error: Record<string, unknown> = {};
	if (err.codeN !== undefined) Error.CodeN = err.codeN;
	Error.Code = err.code;
	Error.Message = err.message;
	return {
		status: err.httpStatus,
		code: err.code,
		headers: { 'x-tt-logid': req.requestId, ...err.headers },
		body: { ResponseMetadata: { ...responseMetadata(req, meta), Error } },
	};
}

export function renderSuccess(req: SandboxRequest, meta: RequestMeta, result?: unknown): ProviderResponse {
	const body: Record<string, unknown> = { ResponseMetadata: responseMetadata(req, meta) };
	if (result !== undefined) body.Result = result;
	return { status: 200, headers: { 'x-tt-logid': req.requestId }, body };
}
