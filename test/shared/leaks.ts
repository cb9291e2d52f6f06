/** Looking for secrets the way an adversary does: every spelling, in everything n8n stores of an error or item. */

/** Raw, URL-encoded once to three times, JSON-escaped, a JSON-escaped value inside a link and back, base64. */
export function spellings(secret: string): string[] {
	const json = JSON.stringify(secret).slice(1, -1);
	return [
		secret,
		encodeURIComponent(secret),
		encodeURIComponent(encodeURIComponent(secret)),
		encodeURIComponent(encodeURIComponent(encodeURIComponent(secret))),
		json,
		encodeURIComponent(json),
		JSON.stringify(encodeURIComponent(secret)).slice(1, -1),
		Buffer.from(secret).toString('base64').replace(/=+$/, ''),
	];
}

/**
 * What n8n keeps of errors and items: message, description, stack, context, errorResponse, messages, cause — minus
 * `node`, the workflow's own node definition (its parameters are the user's input, stored with the workflow anyway).
 */
export function stored(value: unknown): string {
	return JSON.stringify(value, (key, entry: unknown) => {
		if (key === 'node') return undefined;
		if (!(entry instanceof Error)) return entry;
		const error = entry as Error & Record<string, unknown>;
		return { ...error, message: error.message, stack: error.stack, description: error.description, cause: error.cause, errorResponse: error.errorResponse, messages: error.messages };
	});
}

export function expectNoSecret(text: string, secrets: string[]): void {
	for (const secret of secrets) for (const form of spellings(secret)) expect(text).not.toContain(form);
	expect(text).toContain('[redacted]');
}
