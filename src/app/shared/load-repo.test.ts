import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

describe('loadRepo and the event loop', () => {
  it('lets it turn between files, so requests in flight move on while the repository loads', async () => {
    // Each file is read and parsed in one go; a ticker on setImmediate counts the turns in between.
    let turns = 0;
    let loading = true;
    const tick = () => {
      if (!loading) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const { files } = await loadRepo(ROOT);
    loading = false;
    expect(files.length).toBeGreaterThan(5);
    // Before: every file in one stretch, and the ticker saw next to none of them.
    expect(turns).toBeGreaterThanOrEqual(files.length);
  });
});

describe('loadRepo: intents/environments.yaml', () => {
  async function repoWith(files: Record<string, string>): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'intentops-envs-'));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    return dir;
  }

  it('loads the minimal file: the names, in order, nothing else required', async () => {
    const dir = await repoWith({
      'intents/environments.yaml': 'environments: [{ name: staging }, { name: production }]\n',
    });
    try {
      const { catalog, diagnostics } = await loadRepo(dir);
      expect(diagnostics).toEqual([]);
      expect(catalog.environments?.data.environments.map((e) => e.name)).toEqual(['staging', 'production']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a misspelt key or a duplicate name is an error at its file:line', async () => {
    const dir = await repoWith({
      'intents/environments.yaml': [
        'environments:',
        '  - name: staging',
        '    kubeconfig: STAGING_KUBECONFIG',
        '  - name: production',
        '    prometheus_ulr: PROD_PROMETHEUS_URL',
        '  - name: staging',
        '',
      ].join('\n'),
    });
    try {
      const { catalog, diagnostics } = await loadRepo(dir);
      expect(catalog.environments).toBeUndefined();
      const found = diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`);
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^intents\/environments\.yaml:5 .*unknown key 'prometheus_ulr'; expected one of: .*prometheus_url/,
          ),
          expect.stringMatching(/^intents\/environments\.yaml:6 .*duplicate environment 'staging'/),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without the file the catalog has no environments', async () => {
    const { catalog } = await loadRepo(ROOT);
    expect(catalog.environments).toBeUndefined();
  });
});
