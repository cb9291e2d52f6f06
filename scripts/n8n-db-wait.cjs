// Runs under the n8n app's Node 24 (its sqlite3 build): prints the executions of n8n's SQLite database as JSON with
// status, waitTill and the output items (json) of every node's last run, per output. Used by test-n8n-wait.ts.
// Usage: node n8n-db-wait.cjs <database.sqlite> <n8n app dir>
const path = require('node:path');
const [dbFile, appDir] = process.argv.slice(2);
const sqlite3 = require(path.join(appDir, 'node_modules', 'sqlite3'));
const { parse } = require(path.join(appDir, 'node_modules', 'flatted'));

const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
db.all(
	`SELECT e.id, e.workflowId, e.status, e.waitTill, d.data
	   FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ORDER BY e.id`,
	(error, rows) => {
		if (error) {
			console.error(error.message);
			process.exit(1);
		}
		const out = rows.map((row) => {
			const outputs = {};
			try {
				const data = parse(row.data);
				for (const [node, runs] of Object.entries(data.resultData.runData ?? {})) {
					const main = runs.at(-1)?.data?.main ?? [];
					outputs[node] = main.map((items) => (items ?? []).map((item) => item.json));
				}
			} catch {
				// no data stored
			}
			return { id: row.id, workflowId: row.workflowId, status: row.status, waitTill: row.waitTill, outputs };
		});
		console.log(JSON.stringify(out));
		db.close();
	},
);
