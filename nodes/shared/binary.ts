import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	heic: 'image/heic',
	avif: 'image/avif',
};

function fileNameOf(url: string): string {
	const path = url.split('?')[0].split('#')[0];
	return decodeURIComponent(path.substring(path.lastIndexOf('/') + 1)) || 'image';
}

/** Downloads a result file (public or pre-signed URL, no credential) into n8n binary data. */
export async function downloadBinary(this: IExecuteFunctions, url: string, fileName?: string): Promise<IBinaryData> {
	const response = (await this.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
	})) as { body: ArrayBuffer | Buffer; headers: Record<string, string | undefined> };
	const name = fileName ?? fileNameOf(url);
	const extension = name.includes('.') ? name.substring(name.lastIndexOf('.') + 1).toLowerCase() : '';
	const headerType = response.headers['content-type']?.split(';')[0].trim();
	const mimeType = headerType && headerType !== 'application/octet-stream' ? headerType : MIME_BY_EXTENSION[extension];
	return await this.helpers.prepareBinaryData(Buffer.from(response.body as ArrayBuffer), name, mimeType);
}
