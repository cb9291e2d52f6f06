/** Error hints for provider codes the sandbox does not produce (RAM denials, smart thumbnail not activated). */
import { hintFor } from '../../../nodes/AliyunVodAiImage/helpers/hints';

describe('VOD error hints', () => {
	it('names the missing vod: action for RAM denials', () => {
		expect(hintFor('Forbidden.RAM', 'User not authorized to operate on the specified resource.', 'SubmitAIImageJob')).toContain('"vod:SubmitAIImageJob"');
	});
	it('explains that smart thumbnail must be activated', () => {
		expect(hintFor('OperationDenied', 'The smart thumbnail service is not activated.', 'AddAITemplate')).toMatch(/activate it in the ApsaraVideo VOD console/);
	});
	it('points signature mismatches at the secret', () => {
		expect(hintFor('SignatureDoesNotMatch', 'Specified signature is not matched', 'GetAIImageJobs')).toMatch(/AccessKey Secret/);
	});
	it('treats a default-template refusal differently from a RAM denial', () => {
		expect(hintFor('Forbidden', 'The default template cannot be deleted.', 'DeleteAITemplate')).toMatch(/default templates cannot be/);
	});
});
