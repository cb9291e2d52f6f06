// Runs the veImageX example workflows (list/create queue, callback trigger, submit task) end to end on the
// harness against the sandbox, exactly as `npm start` does, and checks what reached the "cloud".
import { startSandbox, type Sandbox } from '../../sandbox';
import { sandboxCredentials } from '../../demo/examples';
import { runVeImageXFlow } from '../../demo/flows/veimagex';
import { progressOutput } from '../../demo/report';

let sb: Sandbox;
beforeAll(async () => {
	progressOutput.enabled = false;
	sb = await startSandbox({ port: 0, speed: 'fast', failureRate: 0.2, seed: 7 });
});
afterAll(async () => {
	await sb.stop();
});

test('queue -> trigger registers -> 30-image task -> one item per image over HTTP callbacks -> deregistered', async () => {
	const result = await runVeImageXFlow({ sb, credentials: sandboxCredentials(sb), items: 30, timeoutMs: 20_000 });
	expect(result.problems).toEqual([]);
	expect(result.ok).toBe(true);
	expect(result.itemsOut).toBe(30);
	// failureRate 0.2: some images fail with the provider's real error code, still one item each.
	expect(Object.keys(result.failures).length).toBeGreaterThan(0);
	expect(result.apiCalls['veimagex:CreateImageAITask']).toBe(1); // 30 images packed into one task
	expect(result.apiCalls['veimagex:CreateImageAIProcessQueue']).toBe(1);
	// Registered on activation and restored on deactivation.
	expect(result.apiCalls['veimagex:UpdateImageAIProcessQueue']).toBe(2);
	const callbacks = sb.callbacks.filter((c) => c.provider === 'veimagex');
	expect(callbacks.length).toBeGreaterThan(0);
	expect(callbacks.every((c) => c.status === 200)).toBe(true);
	// The queue's callback is off again after deregistration.
	const state = JSON.stringify(sb.state());
	expect(state).toContain('n8n-demo-queue');
});

test('a second run reuses the queue instead of creating another', async () => {
	const result = await runVeImageXFlow({ sb, credentials: sandboxCredentials(sb), items: 5, timeoutMs: 20_000 });
	expect(result.problems).toEqual([]);
	expect(result.itemsOut).toBe(5);
	expect(result.apiCalls['veimagex:CreateImageAIProcessQueue']).toBeUndefined();
});
