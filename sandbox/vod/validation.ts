/** Input validation of the VOD AI actions, answering with the documented InvalidParameter/MissingParameter. */
import { invalidParameter, missingParameter } from './errors';

export type Params = Record<string, string>;

export function required(params: Params, name: string): string {
	const value = params[name];
	if (value === undefined || value.trim() === '') throw missingParameter(name);
	return value;
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Comma-separated id lists (JobIds, AIImageInfoIds): at most `max` ids, empty entries ignored. */
export function idList(params: Params, name: string, max: number): string[] {
	const ids = required(params, name).split(',').map((id) => id.trim()).filter((id) => id !== '');
	if (ids.length === 0) throw missingParameter(name);
	if (ids.length > max) throw invalidParameter(name, `At most ${max} ids are allowed, got ${ids.length}.`);
	return [...new Set(ids)];
}

function parseJsonObject(name: string, raw: string): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw invalidParameter(name, 'It must be a JSON string.');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw invalidParameter(name, 'It must be a JSON object.');
	}
	return parsed as Record<string, unknown>;
}

function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export interface UserData {
	raw: string;
	callbackUrl?: string;
	extend?: unknown;
}

/** SubmitAIImageJob UserData: JSON object ≤ 512 bytes; MessageCallback.CallbackURL must be an http(s) URL. */
export function parseUserData(raw: string | undefined): UserData | undefined {
	if (raw === undefined || raw === '') return undefined;
	if (byteLength(raw) > 512) {
		throw invalidParameter('UserData', `The maximum length is 512 bytes, got ${byteLength(raw)}.`);
	}
	const obj = parseJsonObject('UserData', raw);
	const result: UserData = { raw };
	if (obj.MessageCallback !== undefined) {
		const mc = obj.MessageCallback as Record<string, unknown> | null;
		if (mc === null || typeof mc !== 'object' || !isHttpUrl(mc.CallbackURL)) {
			throw invalidParameter('UserData', 'MessageCallback.CallbackURL must be an http(s) URL.');
		}
		if (mc.CallbackType !== undefined && String(mc.CallbackType).toLowerCase() !== 'http') {
			throw invalidParameter('UserData', 'MessageCallback.CallbackType must be "http".');
		}
		result.callbackUrl = mc.CallbackURL;
	}
	if (obj.Extend !== undefined) result.extend = obj.Extend;
	return result;
}

export type TemplateType = 'AIImage' | 'AIMediaAudit';

export function templateType(params: Params): TemplateType {
	const type = required(params, 'TemplateType');
	if (type !== 'AIImage' && type !== 'AIMediaAudit') {
		throw invalidParameter('TemplateType', 'Valid values: AIMediaAudit, AIImage.');
	}
	return type;
}

export function templateName(params: Params): string {
	const name = required(params, 'TemplateName');
	if (byteLength(name) > 128) throw invalidParameter('TemplateName', 'The maximum length is 128 bytes.');
	return name;
}

/** AIImage: {Format: gif|png, SetDefaultCover: "true"|"false"} (both required strings). Audit: any JSON object. */
export function templateConfig(params: Params, type: TemplateType): string {
	const raw = required(params, 'TemplateConfig');
	const obj = parseJsonObject('TemplateConfig', raw);
	if (type === 'AIImage') {
		if (obj.Format !== 'gif' && obj.Format !== 'png') {
			throw invalidParameter('TemplateConfig', 'Format must be "gif" or "png".');
		}
		if (obj.SetDefaultCover !== 'true' && obj.SetDefaultCover !== 'false') {
			throw invalidParameter('TemplateConfig', 'SetDefaultCover must be the string "true" or "false".');
		}
	}
	return raw;
}

/** The image format a (validated) AIImage template config asks for. */
export function imageFormat(config: string): 'gif' | 'png' {
	return (JSON.parse(config) as { Format?: string }).Format === 'png' ? 'png' : 'gif';
}

export interface MessageCallbackConfig {
	AppId: string;
	CallbackType: 'HTTP' | 'MNS';
	CallbackURL: string;
	EventTypeList: string;
	AuthSwitch: 'on' | 'off';
	AuthKey: string;
	MnsEndpoint: string;
	MnsQueueName: string;
}

/** SetMessageCallback: unspecified fields keep their current value, as the real API updates in place. */
export function mergeMessageCallback(current: MessageCallbackConfig, params: Params): MessageCallbackConfig {
	const next = { ...current };
	if (params.CallbackType !== undefined) {
		const type = params.CallbackType.toUpperCase();
		if (type !== 'HTTP' && type !== 'MNS') throw invalidParameter('CallbackType', 'Valid values: HTTP, MNS.');
		next.CallbackType = type;
	}
	if (params.CallbackURL !== undefined) {
		if (byteLength(params.CallbackURL) > 256) throw invalidParameter('CallbackURL', 'The maximum length is 256 bytes.');
		if (!isHttpUrl(params.CallbackURL)) throw invalidParameter('CallbackURL', 'It must be an http(s) URL.');
		next.CallbackURL = params.CallbackURL;
	}
	if (params.EventTypeList !== undefined) {
		const events = params.EventTypeList.split(',').map((e) => e.trim()).filter((e) => e !== '');
		if (events.some((e) => !/^[A-Za-z]+$/.test(e))) {
			throw invalidParameter('EventTypeList', 'Use comma-separated event names, e.g. AIComplete or ALL.');
		}
		next.EventTypeList = events.join(',');
	}
	if (params.AuthSwitch !== undefined) {
		if (params.AuthSwitch !== 'on' && params.AuthSwitch !== 'off') {
			throw invalidParameter('AuthSwitch', 'Valid values: on, off.');
		}
		next.AuthSwitch = params.AuthSwitch;
	}
	if (params.AuthKey !== undefined) {
		const key = params.AuthKey;
		if (key.length > 32 || !/[A-Z]/.test(key) || !/[a-z]/.test(key) || !/[0-9]/.test(key)) {
			throw invalidParameter('AuthKey', 'At most 32 characters, with upper-case letters, lower-case letters and digits.');
		}
		next.AuthKey = key;
	}
	if (params.MnsEndpoint !== undefined) next.MnsEndpoint = params.MnsEndpoint;
	if (params.MnsQueueName !== undefined) next.MnsQueueName = params.MnsQueueName;
	if (next.CallbackType === 'HTTP' && next.CallbackURL === '' && params.CallbackType !== undefined) {
		throw missingParameter('CallbackURL');
	}
	if (next.AuthSwitch === 'on' && next.AuthKey === '') throw missingParameter('AuthKey');
	return next;
}

/** Does the region's configuration deliver AI events over HTTP? (AIComplete or ALL enabled.) */
export function aiEventsOverHttp(config: MessageCallbackConfig): boolean {
	const events = config.EventTypeList.split(',');
	return config.CallbackType === 'HTTP' && (events.includes('AIComplete') || events.includes('ALL'));
}
