import type { IDataObject } from 'n8n-workflow';

export const USER_DATA_MAX_BYTES = 512;

export interface UserDataProblem {
	field: string;
	problem: string;
	fix: string;
}

export function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/**
 * Builds SubmitAIImageJob's UserData: `MessageCallback` overrides the callback URL for this job only,
 * `Extend` is echoed back in the callback and in GetAIImageJobs. VOD rejects more than 512 bytes, so the
 * serialised size is checked here, before anything is sent. `extend` is the parsed Extend (JSON) field.
 */
export function buildUserData(callbackUrl: string, extend: IDataObject | null | undefined): { value?: string; problem?: UserDataProblem } {
	const userData: IDataObject = {};
	const url = callbackUrl.trim();
	if (url !== '') {
		if (!isHttpUrl(url)) {
			return { problem: { field: 'Callback URL', problem: `"${url}" is not an http(s) URL`, fix: 'Enter the full URL VOD should call, e.g. https://n8n.example.com/webhook/vod-ai.' } };
		}
		userData.MessageCallback = { CallbackURL: url, CallbackType: 'http' };
	}
	if (extend && Object.keys(extend).length > 0) userData.Extend = extend;
	if (Object.keys(userData).length === 0) return {};
	const value = JSON.stringify(userData);
	const size = Buffer.byteLength(value, 'utf8');
	if (size > USER_DATA_MAX_BYTES) {
		return {
			problem: {
				field: 'Callback URL / Extend',
				problem: `the user data sent with the job is ${size} bytes, more than the ${USER_DATA_MAX_BYTES} bytes VOD accepts`,
				fix: `Shorten the Extend JSON or the Callback URL by at least ${size - USER_DATA_MAX_BYTES} bytes (the limit applies to ${value.slice(0, 60)}… serialised as UTF-8).`,
			},
		};
	}
	return { value };
}
