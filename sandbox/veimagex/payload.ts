/**
 * Callback bodies as veImageX sends them (veimagex-api.md §4): snake_case, unix-second times, `output` as an
 * escaped JSON string. UNVERIFIED choices (documented in sandbox/README.md): failure fields `err_code`/`err_msg`
 * inside `ai_result`; task messages carry `entry_info` as an ARRAY of entry records (≤ 5000 per message); the XML
 * form uses a `<callback>` root with one element per field and repeated `<entry_info>` elements.
 */
import type { CallbackConf, Entry, Task } from './model';
import { unixSeconds } from './model';

export const TASK_MESSAGE_MAX_ENTRIES = 5000;

export function storageUri(task: Task, entry: Entry): string {
	return task.DataType === 'uri' ? `tos-cn-i-${task.ServiceId}/${entry.input}` : entry.input;
}

export function inputObjectKey(task: Task, entry: Entry): string {
	if (task.DataType === 'uri') return entry.input;
	try {
		return decodeURIComponent(new URL(entry.input).pathname.replace(/^\/+/, ''));
	} catch {
		return entry.input;
	}
}

export function entryRecord(task: Task, entry: Entry): Record<string, unknown> {
	const aiResult: Record<string, unknown> = { output: entry.output ? JSON.stringify(entry.output) : '' };
	if (entry.Status === 'Fail') {
		aiResult.err_code = entry.errCode ?? '';
		aiResult.err_msg = entry.errMsg ?? '';
	}
	return {
		uri: storageUri(task, entry),
		input_object_key: inputObjectKey(task, entry),
		entry_id: entry.EntryId,
		status: entry.Status,
		ai_result: aiResult,
		submit_at: unixSeconds(entry.submitMs),
		start_at: unixSeconds(entry.startMs),
		end_at: unixSeconds(entry.endMs),
	};
}

function envelope(type: 'entry' | 'task', task: Task, conf: CallbackConf, entryInfo: unknown) {
	return {
		callback_type: type,
		callback_args: conf.Args ?? '',
		queue_id: task.QueueId,
		task_id: task.TaskId,
		workflow_template_id: task.WorkflowTemplateId,
		entry_info: entryInfo,
		task_part_info: null,
	};
}

export function entryMessage(task: Task, entry: Entry, conf: CallbackConf) {
	return envelope('entry', task, conf, entryRecord(task, entry));
}

/** One message per ≤ 5000 entries: a 10 000-entry task gives two messages. */
export function taskMessages(task: Task, conf: CallbackConf) {
	const entries = task.entries.filter((e) => !e.deleted);
	const messages = [];
	for (let i = 0; i < entries.length; i += TASK_MESSAGE_MAX_ENTRIES) {
		const part = entries.slice(i, i + TASK_MESSAGE_MAX_ENTRIES).map((e) => entryRecord(task, e));
		messages.push(envelope('task', task, conf, part));
	}
	return messages;
}

const escapeXml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

function xmlElement(name: string, value: unknown): string {
	if (Array.isArray(value)) return value.map((v) => xmlElement(name, v)).join('');
	if (value === null || value === undefined) return `<${name}/>`;
	if (typeof value === 'object') {
		const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => xmlElement(k, v)).join('');
		return `<${name}>${inner}</${name}>`;
	}
	return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function serialise(message: object, format: 'JSON' | 'XML'): { body: string; contentType: string } {
	if (format === 'JSON') return { body: JSON.stringify(message), contentType: 'application/json' };
	return {
		body: `<?xml version="1.0" encoding="UTF-8"?>${xmlElement('callback', message)}`,
		contentType: 'application/xml',
	};
}
