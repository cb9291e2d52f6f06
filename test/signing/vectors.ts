// Loads the copied signing vectors (test/fixtures/vectors, copied from the shared reference set).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadVectors<T>(file: string): T {
	return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'vectors', file), 'utf8')) as T;
}
