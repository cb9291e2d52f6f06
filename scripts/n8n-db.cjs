// Runs under the n8n app's Node 24 (its sqlite3 build): prints the executions of n8n's SQLite database as JSON,
// with the number of output items per node (first run, output 0) taken from the stored run data, and the output
// items' json of every node's last run per output (`outputs`, for nodes with several outputs such as the
// wait-for-callback operations).
// Usage: node n8n-db.cjs <database.sqlite> <n8n app dir>
const path = require('node:path');
const [dbFile, appDir] = process.argv.slice(2);
const sqlite3 = require(path.join(appDir, 'node_modules', 'sqlite3'));
const { parse } = require(path.join(appDir, 'node_modules', 'flatted'));

const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
db.all(
	`SELECT e.id, e.workflowId, e.mode, e.status, e.finished, e.waitTill, d.data
	   FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ORDER BY e.id`,
	(error, rows) => {
		if (error) {
			console.error(error.message);
			process.exit(1);
		}
		const out = rows.map((row) => {
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
			return { id: row.id, workflowId: row.workflowId, mode: row.mode, status: row.status, waitTill: row.waitTill, itemsPerNode, outputs, error };
		});
		console.log(JSON.stringify(out));
		db.close();
	},
);
