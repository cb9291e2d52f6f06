/**
 * Real, tiny, solid-colour image files (PNG, GIF, WebP) built byte by byte, so downloads and binary handling in
 * the nodes are exercised with genuine formats (magic numbers, sizes and MIME types all consistent).
 */
import { crc32, deflateSync } from 'node:zlib';

export type ImageFormat = 'png' | 'gif' | 'webp';
export type Rgb = [number, number, number];

export const IMAGE_MIME: Record<ImageFormat, string> = {
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
};

export function makeImage(format: ImageFormat, width: number, height: number, rgb: Rgb): Buffer {
	if (format === 'png') return makePng(width, height, rgb);
	if (format === 'gif') return makeGif(width, height, rgb);
	return makeWebp(width, height, rgb);
}

function pngChunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed) >>> 0);
	return Buffer.concat([len, typed, crc]);
}

export function makePng(width: number, height: number, [r, g, b]: Rgb): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour RGB, deflate, filter 0, no interlace
	const row = Buffer.alloc(1 + width * 3);
	for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** LSB-first bit writer (GIF LZW and WebP VP8L both pack bits this way). */
class BitWriter {
	private bytes: number[] = [];
	private acc = 0;
	private n = 0;
	write(value: number, bits: number): void {
		for (let i = 0; i < bits; i++) {
			this.acc |= ((value >>> i) & 1) << this.n;
			if (++this.n === 8) {
				this.bytes.push(this.acc);
				this.acc = 0;
				this.n = 0;
			}
		}
	}
	finish(): Buffer {
		if (this.n > 0) this.bytes.push(this.acc);
		return Buffer.from(this.bytes);
	}
}

export function makeGif(width: number, height: number, [r, g, b]: Rgb): Buffer {
	const le16 = (v: number) => [v & 0xff, v >> 8];
	const head = Buffer.from([
		...Buffer.from('GIF89a', 'ascii'),
		...le16(width), ...le16(height), 0x80, 0, 0, // global colour table of 2 entries
		r, g, b, 0, 0, 0,
		0x2c, 0, 0, 0, 0, ...le16(width), ...le16(height), 0,
	]);
	// "Uncompressed" LZW: a clear code every two pixels keeps the code width at 3 bits for every decoder.
	const bits = new BitWriter();
	const CLEAR = 4;
	const END = 5;
	for (let i = 0; i < width * height; i++) {
		if (i % 2 === 0) bits.write(CLEAR, 3);
		bits.write(0, 3);
	}
	bits.write(END, 3);
	const data = bits.finish();
	const blocks: number[] = [2]; // LZW minimum code size
	for (let i = 0; i < data.length; i += 255) {
		const part = data.subarray(i, i + 255);
		blocks.push(part.length, ...part);
	}
	blocks.push(0, 0x3b); // block terminator, trailer
	return Buffer.concat([head, Buffer.from(blocks)]);
}

/**
 * Lossless WebP (VP8L) of one colour: no transforms, no colour cache, five "simple" prefix codes with a single
 * symbol each (green, red, blue, alpha, distance), so every pixel costs zero bits.
 */
export function makeWebp(width: number, height: number, [r, g, b]: Rgb): Buffer {
	const bits = new BitWriter();
	bits.write(0x2f, 8); // VP8L signature
	bits.write(width - 1, 14);
	bits.write(height - 1, 14);
	bits.write(0, 1); // alpha_is_used
	bits.write(0, 3); // version
	bits.write(0, 1); // no transform
	bits.write(0, 1); // no colour cache
	bits.write(0, 1); // no meta prefix codes
	for (const symbol of [g, r, b, 255, 0]) {
		bits.write(1, 1); // simple code
		bits.write(0, 1); // one symbol
		bits.write(1, 1); // 8-bit symbol
		bits.write(symbol, 8);
	}
	let vp8l = bits.finish();
	const chunkHeader = Buffer.alloc(8);
	chunkHeader.write('VP8L', 0, 'ascii');
	chunkHeader.writeUInt32LE(vp8l.length, 4); // unpadded size; RIFF chunks are then padded to even
	if (vp8l.length % 2 === 1) vp8l = Buffer.concat([vp8l, Buffer.from([0])]);
	const riff = Buffer.alloc(12);
	riff.write('RIFF', 0, 'ascii');
	riff.writeUInt32LE(4 + 8 + vp8l.length, 4);
	riff.write('WEBP', 8, 'ascii');
	return Buffer.concat([riff, chunkHeader, vp8l]);
}

/** Width/height read back from the bytes (used by tests to prove the files are what they claim). */
export function imageSize(bytes: Buffer): { format: ImageFormat; width: number; height: number } | undefined {
	if (bytes.subarray(1, 4).toString('ascii') === 'PNG') {
		return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	if (bytes.subarray(0, 3).toString('ascii') === 'GIF') {
		return { format: 'gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
	}
	if (bytes.subarray(8, 16).toString('ascii') === 'WEBPVP8L') {
		const v = bytes.readUInt32LE(21);
		return { format: 'webp', width: (v & 0x3fff) + 1, height: ((v >>> 14) & 0x3fff) + 1 };
	}
	return undefined;
}
