// One "n8n worker process" for test/scale-out.test.ts: runs the VOD submit example for the given videos in
// its own process (its own pacing schedule, as a queue-mode worker has) and prints the result as JSON.
import { loadExample, nodeOfType, pinSampleInput, setParameters } from '../demo/examples';
import { runWorkflow } from './harness';

async function main(): Promise<void> {
	const { credentials, templateId, videoIds } = JSON.parse(process.env.SCALE_OUT_INPUT ?? '{}') as {
		credentials: Record<string, Record<string, string>>;
		templateId: string;
		videoIds: string[];
	};
	const wf = loadExample('vod-submit-jobs');
	const submit = nodeOfType(wf, 'aliyunVodAiImage');
	setParameters(wf, submit.name, {
		aiTemplateId: { __rl: true, mode: 'id', value: templateId },
		'additionalFields.callbackUrl': '',
	});
	pinSampleInput(wf, videoIds.map((videoId) => ({ videoId })));
	const result = await runWorkflow({ workflow: wf, credentials });
	const items = result.output(submit.name);
	process.stdout.write(
		`${JSON.stringify({
			error: result.error?.message,
			items: items.map((item) => ({ videoId: item.json.VideoId, jobId: item.json.JobId, paired: item.pairedItem })),
		})}\n`,
	);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
	process.exit(1);
});
