import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepo } from './load-repo.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('loadRepo', () => {
  it("digests the catalog's files (path and text, in path order, requests left out), when asked", async () => {
    const { catalog, files } = await loadRepo(ROOT);
    const hash = createHash('sha256');
    for (const f of files.filter((f) => !f.startsWith('intents/requests/')))
      hash.update(`${f}\u0000${readFileSync(join(ROOT, f), 'utf8')}\u0000`);
    const expected = `sha256:${hash.digest('hex')}`;
    expect(catalog.digest).toBe(expected);
    // The same value on each read, and in a copy.
    expect(catalog.digest).toBe(expected);
    expect({ ...catalog }.digest).toBe(expected);
  });
});
