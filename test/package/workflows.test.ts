// The GitHub workflows n8n's verification expects (community packages published since 1 May 2026 must come from
// a GitHub Action with npm provenance): they must parse as YAML and have the shape GitHub Actions accepts, CI must
// run .ci/run on Node 20 and 24, and publishing must happen on a version tag with provenance and an OIDC token.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// js-yaml comes with eslint (a devDependency); strict YAML 1.2 with duplicate keys rejected.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load: (text: string, opts?: { json?: boolean }) => unknown };

const WORKFLOWS = resolve(__dirname, '..', '..', '.github', 'workflows');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}
interface Job {
	'runs-on': string;
	strategy?: { matrix?: Record<string, unknown[]> };
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	name: string;
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
	return load(readFileSync(join(WORKFLOWS, file), 'utf8')) as Workflow;
}

/** The structure GitHub rejects a workflow for: no trigger, no jobs, a job without runner or steps, a step
 *  that neither uses an action nor runs a command (or does both). */
function expectValidWorkflow(wf: Workflow): void {
	expect(typeof wf.name).toBe('string');
	expect(wf.on && typeof wf.on).toBe('object');
	expect(Object.keys(wf.on).length).toBeGreaterThan(0);
	expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
	for (const job of Object.values(wf.jobs)) {
		expect(typeof job['runs-on']).toBe('string');
		expect(Array.isArray(job.steps) && job.steps.length > 0).toBe(true);
		for (const step of job.steps) expect([step.uses, step.run].filter((v) => typeof v === 'string')).toHaveLength(1);
	}
}

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows', () => {
	it('ci.yml runs .ci/run on Node 20 and Node 24 for pushes and pull requests', () => {
		const wf = workflow('ci.yml');
		expectValidWorkflow(wf);
		expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
		const [job] = Object.values(wf.jobs);
		expect(job.strategy?.matrix?.['node-version']).toEqual([20, 24]);
		const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['node-version']).toBe('${{ matrix.node-version }}');
		expect(runs(job)).toMatch(/^bash \.ci\/run$/m);
	});

	it('publish.yml publishes on a version tag with npm provenance and an OIDC token, after the CI run', () => {
		const wf = workflow('publish.yml');
		expectValidWorkflow(wf);
		expect(wf.on).toEqual({ push: { tags: ['v*'] } });
		expect(wf.permissions?.['id-token']).toBe('write');
		const [job] = Object.values(wf.jobs);
		const script = runs(job);
		expect(script).toMatch(/^npm publish --provenance\b/m);
		expect(script.indexOf('bash .ci/run')).toBeGreaterThanOrEqual(0);
		expect(script.indexOf('bash .ci/run')).toBeLessThan(script.indexOf('npm publish'));
		const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('rejects what GitHub would reject (the shape check can fail)', () => {
		expect(() => expectValidWorkflow(load('name: x\non:\n  push: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - name: nothing\n') as Workflow)).toThrow();
		expect(() => load('on: push\non: pull_request\n')).toThrow(/duplicated mapping key/);
	});
});
