/** AIProcess (synchronous): Input{ObjectKey,DataType} inside WorkflowParameter; answers Result.Output (JSON string). */
import { Errors } from './errors';
import { FAILURE, FORCE_FAIL_MARKER } from './engine';
import type { Task } from './model';
import { oneOf, reqString } from './params';
import type { ActionInput } from './actionTypes';
import { parseWorkflowParameter } from './tasks';

export function aiProcess({ body, engine, newId, now, ctx }: ActionInput) {
	const ServiceId = reqString(body, 'ServiceId');
	const WorkflowTemplateId = reqString(body, 'WorkflowTemplateId');
	const WorkflowParameter = reqString(body, 'WorkflowParameter');
	const parameter = parseWorkflowParameter(WorkflowParameter);
	const input = parameter.Input as Record<string, unknown> | undefined;
	if (!input || typeof input !== 'object') {
		throw Errors.invalidParameter('WorkflowParameter.Input is required for AIProcess ({"Input":{"ObjectKey":…,"DataType":"uri"|"url"}})');
	}
	if (typeof input.ObjectKey !== 'string' || !input.ObjectKey) {
		throw Errors.invalidParameter('WorkflowParameter.Input.ObjectKey is required');
	}
	const DataType = oneOf('WorkflowParameter.Input.DataType', String(input.DataType ?? ''), ['uri', 'url'] as const);
	if (input.ObjectKey.includes(FORCE_FAIL_MARKER) || ctx.random.next() < ctx.failureRate()) {
		throw Errors.invalidParameter(`${FAILURE.code}: ${FAILURE.message}`);
	}
	// A one-entry pseudo task gives the output the same ObjectKey layout as queued results.
	const at = now();
	const task: Task = {
		TaskId: newId(), QueueId: '', ServiceId, DataType, WorkflowTemplateId, WorkflowParameter, Status: 'Done',
		submitMs: at, cursor: 1, entries: [],
	};
	const output = engine.storeOutput(task, { EntryId: newId(), input: input.ObjectKey, Status: 'Success', submitMs: at }, 0);
	return { Output: JSON.stringify(output) };
}
