// Imported first by demo/run.ts: n8n-core writes an instance encryption key under $N8N_USER_FOLDER on first
// use; keep the demo away from the user's real ~/.n8n in a temp folder that is removed when the demo exits.
// n8n's own logger stays quiet (the summary reports what went wrong); N8N_LOG_LEVEL=info brings it back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-ai-image-jobs-demo-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
