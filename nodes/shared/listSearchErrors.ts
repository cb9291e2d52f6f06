import { scrubbingErrors, SecretScrubber } from './secrets';

export interface ListSearchCall {
	/** What the picker lists, e.g. "veImageX services". */
	list: string;
	/** The provider action the picker called, e.g. "GetAllImageServices". */
	action: string;
	/** What to check when the error came without a hint of its own. */
	check: string;
	/** Credential values to scrub from the error (a picker's error is shown and logged as is). */
	secrets: string[];
}

/**
 * A picker ("From List") shows only the error's message, so the message says which list and which provider action
 * failed, keeps the provider's code, message and RequestId, and says what to check. The same error object is
 * rethrown, scrubbed of the credential's secrets.
 */
export async function explainingListSearchFailure<T>(call: ListSearchCall, pending: Promise<T>): Promise<T> {
	return await scrubbingErrors(new SecretScrubber(call.secrets), pending.catch((error: unknown) => Promise.reject(explained(call, error))));
}

function explained(call: ListSearchCall, error: unknown): unknown {
	if (error instanceof Error) {
		const fields = error as Error & { description?: unknown };
		const check = typeof fields.description === 'string' && fields.description.trim() !== '' ? fields.description : `Check ${call.check}.`;
		// "failed:" not "failed –": n8n 2.41's picker splits a message at every dash and joins the parts with spaces
		// (ResourceLocator, to drop "check your credentials" parts), so a dash separator vanished in the editor.
		fields.message = `Could not load the ${call.list}: ${call.action} failed: ${error.message.replace(/\.\s*$/, '')}. ${check}`;
		fields.description = check;
	}
	return error;
}
