/** CallbackConf validation, shared by queue create/update and CreateImageAITask. */
import { Errors } from './errors';
import type { CallbackConf } from './model';
import { oneOf, optString } from './params';
import type { Bag } from './params';

export function readCallbackConf(
	raw: unknown,
	opts: { where: string; allowXml: boolean; requireAll: boolean; base?: CallbackConf },
): CallbackConf | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object' || Array.isArray(raw)) throw Errors.invalidParameter(`${opts.where} must be an object`);
	const bag = raw as Bag;
	const field = (name: keyof CallbackConf): string | undefined => {
		const v = optString(bag, name);
		if ((v === undefined || v === '') && opts.requireAll && name !== 'Args') {
			throw Errors.invalidParameter(`${opts.where}.${name} is required`);
		}
		return v === '' ? undefined : v;
	};
	const method = field('Method') ?? opts.base?.Method ?? 'HTTP';
	const endpoint = field('Endpoint') ?? opts.base?.Endpoint;
	const format = field('DataFormat') ?? opts.base?.DataFormat ?? 'JSON';
	const type = field('Type') ?? opts.base?.Type ?? 'entry';
	oneOf(`${opts.where}.Method`, method, ['HTTP'] as const);
	if (!endpoint) throw Errors.invalidParameter(`${opts.where}.Endpoint is required`);
	if (!/^https?:\/\/[^\s/]+/i.test(endpoint)) {
		throw Errors.invalidParameter(`${opts.where}.Endpoint must be an http or https URL`);
	}
	const formats = opts.allowXml ? (['JSON', 'XML'] as const) : (['JSON'] as const);
	return {
		Method: method,
		Endpoint: endpoint,
		DataFormat: oneOf(`${opts.where}.DataFormat`, format, formats),
		Args: optString(bag, 'Args') ?? opts.base?.Args ?? '',
		Type: oneOf(`${opts.where}.Type`, type, ['task', 'entry'] as const),
	};
}
