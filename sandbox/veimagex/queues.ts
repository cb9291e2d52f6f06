/** Queue actions: Create / Update (full object, `Id`) / UpdateStatus / Delete (`QueueId`) / Get (Offset paging). */
import { readCallbackConf } from './callbackConf';
import { Errors } from './errors';
import { beijingTime } from './model';
import type { Queue } from './model';
import { oneOf, optBool, optString, queryInt, queryString, reqString } from './params';
import type { ActionInput } from './actionTypes';

export function createQueue({ body, scope, newId, now }: ActionInput) {
	const Name = reqString(body, 'Name');
	const Attribute = reqString(body, 'Attribute');
	const CallbackConf = readCallbackConf(body.CallbackConf, { where: 'CallbackConf', allowXml: true, requireAll: true });
	const queue: Queue = {
		Id: newId(),
		Name,
		Desc: optString(body, 'Desc') ?? '',
		Status: optBool(body, 'IsStart') ? 'Running' : 'Pending',
		Type: 'user',
		createdMs: now(),
		Attribute,
		// Create has no EnableCallback field: a queue created with a CallbackConf calls back.
		EnableCallback: CallbackConf !== undefined,
		CallbackConf,
	};
	scope.queues.set(queue.Id, queue);
	return { QueueId: queue.Id };
}

function findQueue(scope: ActionInput['scope'], id: string): Queue {
	const queue = scope.queues.get(id);
	if (!queue) throw Errors.resourceNotFound(`queue ${id} does not exist`);
	return queue;
}

export function updateQueue({ body, scope }: ActionInput) {
	const Id = reqString(body, 'Id');
	const Name = reqString(body, 'Name');
	const Attribute = reqString(body, 'Attribute');
	const queue = findQueue(scope, Id);
	const EnableCallback = optBool(body, 'EnableCallback') ?? false;
	const CallbackConf =
		readCallbackConf(body.CallbackConf, {
			where: 'CallbackConf', allowXml: true, requireAll: false, base: queue.CallbackConf,
		}) ?? queue.CallbackConf;
	if (EnableCallback && !CallbackConf) {
		throw Errors.invalidParameter('EnableCallback is true but the queue has no CallbackConf; set CallbackConf.Endpoint');
	}
	// Full-object update: omitted optional fields are reset, which is why clients must read-merge-write.
	Object.assign(queue, { Name, Attribute, Desc: optString(body, 'Desc') ?? '', EnableCallback, CallbackConf });
	return undefined;
}

export function updateQueueStatus({ body, scope, engine }: ActionInput) {
	const queue = findQueue(scope, reqString(body, 'Id'));
	queue.Status = oneOf('Status', reqString(body, 'Status'), ['Pending', 'Running'] as const);
	if (queue.Status === 'Running') engine.kick();
	return undefined;
}

export function deleteQueue({ body, scope }: ActionInput) {
	if (body.Id !== undefined && body.QueueId === undefined) {
		throw Errors.invalidParameter('QueueId is required (DeleteImageAIProcessQueue takes QueueId, not Id)');
	}
	const queue = findQueue(scope, reqString(body, 'QueueId'));
	if (queue.Type === 'default') throw Errors.invalidParameter('the default queue cannot be deleted');
	scope.queues.delete(queue.Id);
	for (const [taskId, task] of scope.tasks) {
		if (task.QueueId !== queue.Id) continue;
		for (const entry of task.entries) scope.entryIndex.delete(entry.EntryId);
		scope.tasks.delete(taskId);
	}
	return undefined;
}

export function getQueues({ query, scope }: ActionInput) {
	const limit = queryInt(query, 'Limit', { required: true, min: 1, max: 100 })!;
	const offset = queryInt(query, 'Offset', { min: 0, fallback: 0 })!;
	const search = queryString(query, 'SearchPtn');
	const all = [...scope.queues.values()].filter(
		(q) => !search || q.Name.includes(search) || q.Desc.includes(search),
	);
	return {
		Queues: all.slice(offset, offset + limit).map((q) => ({
			Id: q.Id, Name: q.Name, Desc: q.Desc, Status: q.Status, Type: q.Type, CreateAt: beijingTime(q.createdMs),
			// CallbackConf is an omitempty pointer in the Go SDK model: a queue without callback has no key at all.
			Attribute: q.Attribute, EnableCallback: q.EnableCallback, ...(q.CallbackConf ? { CallbackConf: q.CallbackConf } : {}),
		})),
		Total: all.length,
	};
}
