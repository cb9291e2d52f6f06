// Imported first by demo/run.ts: n8n-core writes an instance encryption key under $N8N_USER_FOLDER on first
// use; keep the demo away from the user's real ~/.n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-ai-image-jobs-demo-'));
