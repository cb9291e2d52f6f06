// n8n-core's InstanceSettings writes an encryption key under $N8N_USER_FOLDER on first use. The jest environment
// (test/harness/quiet-environment.js) gives every test file its own temp folder and removes it afterwards; refuse
// to run against anything else (e.g. the real ~/.n8n) if that wiring is ever lost.
if (!process.env.N8N_USER_FOLDER?.includes('n8n-ai-image-jobs-test-')) {
	throw new Error('N8N_USER_FOLDER is not a test temp folder: run the tests through jest.config.js (its testEnvironment sets it)');
}
