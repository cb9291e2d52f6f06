/** SignatureNonce replay protection: a nonce may be used once per access key within 15 minutes (vod-api.md §4.1). */
export const NONCE_TTL_MS = 15 * 60 * 1000;

export class NonceCache {
	private readonly seen = new Map<string, number>();

	/** Records the nonce; false when it was already used within the TTL. */
	use(accessKeyId: string, nonce: string, now: number): boolean {
		if (this.seen.size > 10_000) this.prune(now);
		const key = `${accessKeyId}\n${nonce}`;
		const at = this.seen.get(key);
		if (at !== undefined && now - at < NONCE_TTL_MS) return false;
		this.seen.set(key, now);
		return true;
	}

	prune(now: number): void {
		for (const [key, at] of this.seen) if (now - at >= NONCE_TTL_MS) this.seen.delete(key);
	}

	clear(): void {
		this.seen.clear();
	}
}
