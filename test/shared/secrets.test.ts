import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { redact } from '../../nodes/shared/errors';
import { errorItem } from '../../nodes/shared/items';
import { REDACTED, SecretScrubber, scrubbingErrors, secretForms } from '../../nodes/shared/secrets';

const node: INode = { id: '1', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
/** Distinctive, with characters every encoding changes: space, slash, plus, equals, quote, backslash, non-ASCII. */
const TOKEN = 'STS/tok+en=Zx9 "q"\\ü-4711';
const KEY = 'SecretKey0123456789abcdef';

/** Every way the secret can be written that an adversary would search for. */
function spellings(secret: string): string[] {
	return [
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
		encodeURIComponent(encodeURIComponent(secret)),
		JSON.stringify(secret).slice(1, -1),
		Buffer.from(secret).toString('base64').replace(/=+$/, ''),
		Buffer.from(secret).toString('base64url'),
	];
}

describe('SecretScrubber', () => {
	const scrubber = new SecretScrubber([TOKEN, KEY, undefined, '']);

	it.each(spellings(TOKEN).map((form) => [form]))('masks the token written as %s', (form) => {
		const text = scrubber.text(`before ${form} after`);
		expect(text).toBe(`before ${REDACTED} after`);
	});

	it('finds a secret inside a longer base64 text at every byte offset', () => {
		for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
			const encoded = Buffer.from(`${prefix}${KEY}:suffix`).toString('base64');
			const text = scrubber.text(`Authorization: Basic ${encoded}`);
			const left = Buffer.from(text.replace('Authorization: Basic ', '').replace(REDACTED, ''), 'base64').toString('latin1');
			expect(text).toContain(REDACTED);
			// What remains decodes to at most a few bytes of the key, never the key itself.
			expect(left).not.toContain(KEY.slice(2, -2));
		}
	});

	it('masks token-shaped query and JSON values even when the exact secret is unknown', () => {
		expect(scrubber.text('a=1&SecurityToken=other-token-value&b=2')).toBe(`a=1&SecurityToken=${REDACTED}&b=2`);
		expect(scrubber.text('SecurityToken%3Dother%2Fvalue')).toBe(`SecurityToken%3D${REDACTED}`);
		expect(scrubber.text('{"AuthKey":"Abc123xyz"}')).toBe(`{"AuthKey":"${REDACTED}"}`);
		expect(scrubber.text('X-Security-Token: abc.def')).toBe(`X-Security-Token: ${REDACTED}`);
		// Ordinary text that merely names the parameter stays readable.
		expect(scrubber.text('InvalidSecurityToken.Malformed: the SecurityToken is missing')).toBe('InvalidSecurityToken.Malformed: the SecurityToken is missing');
	});

	it('leaves short values and ordinary text alone', () => {
		const short = new SecretScrubber(['abc']);
		expect(short.text('abc abc')).toBe('abc abc');
		expect(secretForms('abc')).toContain('abc');
		expect(scrubber.text('nothing secret here')).toBe('nothing secret here');
	});

	it('copies JSON values with every string (and key) scrubbed, keeping shape, numbers, cycles and buffers', () => {
		const cyclic: Record<string, unknown> = { token: TOKEN, list: [1, `x${encodeURIComponent(TOKEN)}`], [KEY]: true, nested: { deep: { v: KEY } }, data: Buffer.from('raw') };
		cyclic.self = cyclic;
		const copy = scrubber.value(cyclic) as Record<string, unknown>;
		expect(copy.token).toBe(REDACTED);
		expect(copy.list).toEqual([1, `x${REDACTED}`]);
		expect(copy[REDACTED]).toBe(true);
		expect((copy.nested as { deep: { v: string } }).deep.v).toBe(REDACTED);
		expect(copy.self).toBe(copy);
		expect(Buffer.isBuffer(copy.data)).toBe(true);
		expect(cyclic.token).toBe(TOKEN); // the input is not changed
	});

	it('scrubs everything an n8n error stores or shows: message, stack, description, messages, context, errorResponse, cause chain', () => {
		const cause = new Error(`socket closed for ${TOKEN}`) as Error & { config?: Record<string, unknown> };
		cause.config = { url: `https://x/?SecurityToken=${encodeURIComponent(TOKEN)}`, headers: { 'X-Security-Token': TOKEN } };
		const apiError = new NodeApiError(node, { code: 'X', message: `echo ${TOKEN}`, nested: { b64: Buffer.from(TOKEN).toString('base64') } }, {
			message: `failed with ${JSON.stringify(TOKEN).slice(1, -1)}`,
			description: `see ${encodeURIComponent(KEY)}`,
		});
		apiError.context.recommend = `https://help?token=${encodeURIComponent(TOKEN)}`;
		(apiError as unknown as { cause: unknown }).cause = cause;
		apiError.messages.push(`raw ${KEY}`);
		scrubber.error(apiError);
		const everything = JSON.stringify({ ...apiError, message: apiError.message, stack: apiError.stack, description: apiError.description, cause: { message: cause.message, stack: cause.stack, config: cause.config } });
		for (const secret of [TOKEN, KEY]) for (const form of spellings(secret)) expect(everything).not.toContain(form);
		expect(everything).toContain(REDACTED);
		expect(apiError).toBeInstanceOf(NodeApiError);
	});

	it('scrubs output items and their error, leaving binary data as it is', () => {
		const error = new NodeOperationError(node, `bad ${KEY}`);
		const items = scrubber.items([
			{ json: { a: `k=${KEY}` }, binary: { data: { data: Buffer.from(KEY).toString('base64'), mimeType: 'x' } }, pairedItem: { item: 0 } },
			errorItem(error, 1),
		]);
		expect(items[0].json.a).toBe(`k=${REDACTED}`);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].binary?.data.data).toBe(Buffer.from(KEY).toString('base64'));
		expect(items[1].json.error).toBe(`bad ${REDACTED}`);
		expect(items[1].error?.message).toBe(`bad ${REDACTED}`);
	});

	it('redact (the trigger\'s callback_args and raw_message) masks the URL-encoded and JSON-escaped forms too', () => {
		const secret = 'cb/secret+1=ok "x"';
		const args = `token=${encodeURIComponent(secret)}&n=1`;
		const raw = JSON.stringify({ callback_args: secret, url: `https://h/?token=${encodeURIComponent(secret)}` });
		expect(redact(args, [secret])).toBe(`token=${REDACTED}&n=1`);
		expect(redact(raw, [secret])).not.toContain(JSON.stringify(secret).slice(1, -1));
		expect(redact(raw, [secret])).not.toContain(encodeURIComponent(secret));
	});

	it('scrubbingErrors passes results through and rethrows the same error object, scrubbed', async () => {
		await expect(scrubbingErrors(scrubber, Promise.resolve(KEY))).resolves.toBe(KEY);
		const error = new Error(`x ${KEY}`);
		await expect(scrubbingErrors(scrubber, Promise.reject(error))).rejects.toBe(error);
		expect(error.message).toBe(`x ${REDACTED}`);
	});
});
