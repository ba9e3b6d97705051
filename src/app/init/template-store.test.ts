import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateHash } from './template-header.js';
import { TemplateStore } from './template-store.js';

// Where `init --update` finds the template that wrote a file: this version's, a release's in
// templates/past/<version>/, or (a build from an unreleased tree) the git history of the intentops
// checkout that runs. A package root is made here: templates, a past release, and a history.

let root: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root });
const put = async (rel: string, text: string) => {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), text);
};
const V1 = 'on: push # v1\n';
const V2 = 'on: push # v2, never released\n';
const NOW = 'on: push # now\n';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'intentops-store-'));
  await put('templates/past/0.2.0/wf.yml', V1);
  await put(
    'templates/past/0.2.0/schemas.sha256',
    `${createHash('sha256').update('{"a":1}').digest('hex')}  a.schema.json\n`,
  );
  await put('schemas/a.schema.json', '{"a":3}');
  git('init', '-q');
  for (const text of [V1, V2, NOW]) {
    await put('templates/gitops/wf.yml', text);
    await put('schemas/a.schema.json', text === V2 ? '{"a":2}' : '{"a":3}');
    git('add', '-A');
    git('commit', '-qm', text);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('TemplateStore', () => {
  it("finds a file's base: 0.2.0's without a header, else by the header's hash", async () => {
    const store = new TemplateStore(root);
    expect(await store.base('wf.yml', undefined)).toEqual({ version: '0.2.0', raw: V1 });
    expect(await store.base('wf.yml', { version: '0.3.0', hash: templateHash(NOW) })).toEqual({
      version: '0.3.0',
      raw: NOW,
    });
    // An unreleased build's template: only the checkout's history has it.
    expect(await store.base('wf.yml', { version: '0.2.0+abc', hash: templateHash(V2) })).toEqual({
      version: '0.2.0+abc',
      raw: V2,
    });
    expect(await store.base('wf.yml', { version: '0.2.0+abc', hash: '0'.repeat(16) })).toBeUndefined();
    expect(await store.base('other.yml', undefined)).toBeUndefined();
  });

  it('knows the schemas some version wrote, and no other', async () => {
    const store = new TemplateStore(root);
    expect(await store.knownSchema('a.schema.json', '{"a":3}')).toBe(true); // this version's
    expect(await store.knownSchema('a.schema.json', '{"a":1}')).toBe(true); // 0.2.0's (schemas.sha256)
    expect(await store.knownSchema('a.schema.json', '{"a":2}')).toBe(true); // the history's
    expect(await store.knownSchema('a.schema.json', '{"a":4}')).toBe(false); // edited
  });
});
