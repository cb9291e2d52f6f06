/** What the test-side signing clients (veImageX, VOD) return: status, headers, raw text and the JSON if it parses. */
import type { Dispatcher } from 'undici';

export interface SandboxAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** `{}` when the body is not JSON (XML answers, or bodies truncated on purpose by the `malformed` fault). */
	json: Record<string, any>;
}

export async function readAnswer(res: Dispatcher.ResponseData): Promise<SandboxAnswer> {
	const text = await res.body.text();
	let json: Record<string, any> = {};
	try {
		json = JSON.parse(text);
	} catch {
		// callers look at `text`
	}
	return { status: res.statusCode, headers: res.headers, text, json };
}
