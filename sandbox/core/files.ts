/** In-memory result files, served read-only at `/files/<provider>/<key>`. */
import type { FileStore, ProviderName } from './provider';

export class MemoryFiles {
	private readonly files = new Map<string, { bytes: Buffer; contentType: string }>();

	constructor(private readonly baseUrl: () => string) {}

	forProvider(provider: ProviderName): FileStore {
		const path = (key: string) => `${provider}/${key.replace(/^\/+/, '')}`;
		return {
			put: (key, bytes, contentType) => {
				this.files.set(path(key), { bytes, contentType });
				return this.urlOf(path(key));
			},
			get: (key) => this.files.get(path(key)),
			url: (key) => this.urlOf(path(key)),
		};
	}

	/** `path` below `/files/`, percent-decoded. */
	lookup(path: string): { bytes: Buffer; contentType: string } | undefined {
		return this.files.get(path);
	}

	count(): number {
		return this.files.size;
	}

	clear(): void {
		this.files.clear();
	}

	private urlOf(path: string): string {
		return `${this.baseUrl()}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
	}
}
