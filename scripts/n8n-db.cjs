// Runs under the n8n app's Node 24 (its sqlite3 build, its pg module): prints the executions of n8n's database as
// JSON, with the number of output items per node (first run, output 0) taken from the stored run data, and the
// output items' json of every node's last run per output (`outputs`, for nodes with several outputs such as the
// wait-for-callback operations).
// Usage: node n8n-db.cjs <database.sqlite | postgres://…> <n8n app dir> [workflowId …]
// Postgres is what n8n's queue mode runs on (scripts/test-n8n-queue.ts); the column names are the same, quoted
// there because TypeORM creates them in camelCase.
const path = require('node:path');
const [database, appDir, ...workflowIds] = process.argv.slice(2);
const { parse } = require(path.join(appDir, 'node_modules', 'flatted'));

function toExecution(row) {
	let itemsPerNode = {};
	const outputs = {};
	let error;
	try {
		const data = parse(row.data);
		for (const [node, runs] of Object.entries(data.resultData.runData ?? {})) {
			itemsPerNode[node] = (runs[0]?.data?.main?.[0] ?? []).length;
			outputs[node] = (runs.at(-1)?.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
		}
		error = data.resultData.error?.message;
	} catch {
		itemsPerNode = {};
	}
	const waitTill = row.waitTill instanceof Date ? row.waitTill.toISOString() : row.waitTill;
	return { id: Number(row.id), workflowId: row.workflowId, mode: row.mode, status: row.status, waitTill, itemsPerNode, outputs, error };
}

function print(rows) {
	console.log(JSON.stringify(rows.map(toExecution)));
}

function fail(error) {
	console.error(error.message);
	process.exit(1);
}

if (database.startsWith('postgres://')) {
	const { Client } = require(path.join(appDir, 'node_modules', 'pg'));
	const client = new Client({ connectionString: database });
	const filter = workflowIds.length > 0 ? 'WHERE e."workflowId" = ANY($1)' : '';
	client
		.connect()
		.then(() =>
			client.query(
				`SELECT e.id, e."workflowId", e.mode, e.status, e."waitTill", d.data
				   FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id ${filter} ORDER BY e.id`,
				workflowIds.length > 0 ? [workflowIds] : [],
			),
		)
		.then((result) => {
			print(result.rows);
			return client.end();
		})
		.catch(fail);
} else {
	const sqlite3 = require(path.join(appDir, 'node_modules', 'sqlite3'));
	const db = new sqlite3.Database(database, sqlite3.OPEN_READONLY);
	const filter = workflowIds.length > 0 ? `WHERE e.workflowId IN (${workflowIds.map(() => '?').join(',')})` : '';
	db.all(
		`SELECT e.id, e.workflowId, e.mode, e.status, e.finished, e.waitTill, d.data
		   FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ${filter} ORDER BY e.id`,
		workflowIds,
		(error, rows) => {
			if (error) fail(error);
			print(rows);
			db.close();
		},
	);
}
