/** Tests run TypeScript through ts-jest (transpile only; `npm run typecheck` type-checks).
 *  Node tests load the *built* package from dist/ the way n8n does, so `npm test` builds first.
 *  n8n's logger output is shown only for failing tests (test/harness/quiet-environment.js; N8N_TEST_VERBOSE=1). */
module.exports = {
	testEnvironment: '<rootDir>/test/harness/quiet-environment.js',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
	setupFiles: ['<rootDir>/test/setup-env.ts'],
	testTimeout: 60000,
	maxWorkers: 2,
};
