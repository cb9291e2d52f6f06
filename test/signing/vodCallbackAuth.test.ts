import { vodCallbackSignature, vodCallbackSignatureMatches } from '../../credentials/common/signing';
import { loadVectors } from './vectors';

interface CbFile {
	vectors: Array<{
		id: string;
		url: string;
		timestamp: string;
		key: string;
		expected: { signature: string; signedString?: string; docPublished?: string };
	}>;
}
const file = loadVectors<CbFile>('vod-callback-auth.json');

describe('VOD callback X-VOD-SIGNATURE vectors', () => {
	it('has CB1 and CB2', () => {
		expect(file.vectors.map((v) => v.id)).toEqual(['CB1', 'CB2']);
	});

	it.each(file.vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
		const signature = vodCallbackSignature(v.url, v.timestamp, v.key);
		expect(signature).toBe(v.expected.signature);
		if (v.expected.docPublished) {
			expect(signature.slice(0, 28)).toBe(v.expected.docPublished.replace(/\*+$/, ''));
		}
		expect(vodCallbackSignatureMatches(signature.toUpperCase(), signature)).toBe(true);
		// A trailing slash or another key is a different URL/secret: must not match.
		expect(vodCallbackSignature(`${v.url}/`, v.timestamp, v.key)).not.toBe(signature);
		expect(vodCallbackSignatureMatches(vodCallbackSignature(v.url, v.timestamp, 'other'), signature)).toBe(false);
	});

	it('rejects a signature of another length without throwing', () => {
		expect(vodCallbackSignatureMatches('abc', file.vectors[0].expected.signature)).toBe(false);
	});
});
