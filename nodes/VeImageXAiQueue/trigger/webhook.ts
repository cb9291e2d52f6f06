/** Receives one veImageX queue callback: settings -> URL token -> size -> secret in body -> parse -> de-duplicate -> items. */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { redact } from '../../shared/errors';
import { dedupeKey, remember, seenBefore } from '../../shared/callbackTrigger/dedupe';
import { accept, answer, misconfigured, readBody, secretsEqual } from '../../shared/callbackTrigger/http';
import { assignOwn } from '../../shared/callbackTrigger/objects';
import { choiceParameter, commonSettings, dedupeScope, nodeState, veImageXSecret } from '../../shared/callbackTrigger/settings';
import { checkShape, deliveryIdentity, normaliseEntry, parseMessage, splitMessage } from './parse';
import type { TimeCache } from './parse';

export const URL_TOKEN_PARAM = 'token';

const SECRET_CHECKS = ['either', 'url', 'args', 'both', 'off'] as const;
const OUTPUTS = ['entry', 'message'] as const;

/** Characters no JSON or XML writer escapes: such a secret appears in the body exactly as it is. */
const VERBATIM_SECRET = /^[A-Za-z0-9._~-]+$/;

/**
 * The secret in the callback arguments can only be read by parsing the body; a body that does not even contain
 * it (checked on the raw text, for secrets that cannot appear escaped) is refused before parsing.
 */
function cannotCarrySecret(text: string, secret: string): boolean {
	return VERBATIM_SECRET.test(secret) && !text.includes(secret);
}

export async function veImageXWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const common = commonSettings(this);
	const secretCheck = choiceParameter(this, 'secretCheck', 'Secret Check', SECRET_CHECKS, 'either');
	const outputMode = choiceParameter(this, 'output', 'Output', OUTPUTS, 'entry');
	if (!common.ok) return misconfigured(this, common.reason);
	if (!secretCheck.ok) return misconfigured(this, secretCheck.reason);
	if (!outputMode.ok) return misconfigured(this, outputMode.reason);
	const settings = common.value;
	const check = secretCheck.value;
	const secret = veImageXSecret(this);
	if (check !== 'off' && secret === '') {
		this.logger.warn('AI Image Callback Trigger: no callback secret is configured or generated yet; refusing the call');
		return answer(this, 401, 'Unauthorized');
	}
	const urlOk = check !== 'off' && secretsEqual((this.getQueryData() as Record<string, unknown>)[URL_TOKEN_PARAM], secret);
	// Reject on the URL alone when the URL token is mandatory: no parsing for forged calls.
	if ((check === 'url' || check === 'both') && !urlOk) return answer(this, 401, 'Unauthorized');

	const body = await readBody(this, settings.maxBytes);
	if (!body.ok) return answer(this, body.status, body.message);
	if (check !== 'off' && !urlOk && body.parsed === undefined && cannotCarrySecret(body.text, secret)) return answer(this, 401, 'Unauthorized');

	const parsed =
		body.parsed !== undefined && typeof body.parsed === 'object'
			? checkShape(body.parsed as Record<string, unknown>)
			: parseMessage(body.text, body.contentType, settings.maxBytes);
	if (!parsed.ok) return answer(this, 400, parsed.reason);
	const message = parsed.message;

	const argsOk = check !== 'off' && secretsEqual(message.callback_args, secret);
	const authorised =
		check === 'off' ||
		(check === 'either' && (urlOk || argsOk)) ||
		(check === 'url' && urlOk) ||
		(check === 'args' && argsOk) ||
		(check === 'both' && urlOk && argsOk);
	if (!authorised) return answer(this, 401, 'Unauthorized');

	const { meta, entries } = splitMessage(message);
	if (settings.deduplicate) {
		const key = dedupeKey('veImageX', deliveryIdentity(meta, entries));
		if (seenBefore(nodeState(this), dedupeScope(this), key, Date.now())) return answer(this, 200, 'Duplicate delivery ignored');
		remember(nodeState(this), dedupeScope(this), key, settings.dedupeWindowMs, Date.now());
	}

	// The secret never leaves the trigger: drop it from the echoed arguments and mask it in the raw text.
	const shared: IDataObject = { provider: 'veImageX', ...(meta as IDataObject) };
	if (secret !== '' && typeof shared.callback_args === 'string' && shared.callback_args.includes(secret)) {
		shared.callback_args = redact(shared.callback_args, [secret]);
	}
	shared.authenticated_by = check === 'off' ? 'none' : urlOk && argsOk ? 'url+args' : urlOk ? 'url' : 'args';

	const output = outputMode.value;
	const times: TimeCache = new Map();
	let items: INodeExecutionData[];
	if (output === 'message' || entries.length === 0) {
		const json: IDataObject = { ...shared, entries: entries.map((entry) => normaliseEntry(entry, times)), entry_count: entries.length };
		if (settings.includeRaw) json.raw_message = redact(body.text, [secret]);
		items = [{ json }];
	} else {
		items = entries.map((entry, index) => {
			// Assigned, not spread: V8's spread of these dictionary-shaped records is ~100x slower at 5 000 items.
			// assignOwn, not Object.assign: an entry's `__proto__` key must not set the item's prototype.
			const json: IDataObject = assignOwn({}, shared, normaliseEntry(entry, times), { entry_index: index, entries_in_message: entries.length });
			if (settings.includeRaw) json.raw_entry = entry as IDataObject;
			return { json };
		});
	}
	return accept(this, items, settings.deduplicate, { items: items.length });
}
