// n8n-core's InstanceSettings writes an encryption key under $N8N_USER_FOLDER on first use:
// keep every test run away from the real home folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER?.includes('n8n-ai-image-jobs-test')) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-ai-image-jobs-test-'));
}
