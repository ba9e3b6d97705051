import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { must } from './helpers/learn-fixture.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// Local mode end to end: a real run drafts an incident, `incident note` records what was done by
// hand (as /manual-fix does on GitHub), and learning counts it.

const repos: string[] = [];
afterEach(async () => {
  for (const r of repos.splice(0)) await removeRepo(r);
});

const LEARNING = `learning_triggers:
  - pattern: "repeated_manual_fix"
    threshold: 2
    action: "suggest_new_intent"
`;

async function repoWithDraft(): Promise<{ repo: string; fingerprint: string }> {
  const repo = await makeRepo({
    ...baseFiles(),
    'intents/learning.yaml': LEARNING,
    'intents/requests/web.yaml': request({ app: 'web', restarts: 2 }),
  });
  repos.push(repo);
  const run = await cli(['--repo', repo, 'run', 'intents/requests/web.yaml']);
  expect(run.code, run.stderr).toBe(0);
  const list = await cli(['--repo', repo, 'incident', 'list', '--json']);
  expect(list.code).toBe(0);
  const drafts = JSON.parse(list.stdout).drafts as { fingerprint: string; intent: string; title: string }[];
  expect(drafts).toHaveLength(1);
  expect(drafts[0]).toMatchObject({ intent: 'work', title: expect.stringContaining('unexpected restart') });
  return { repo, fingerprint: must(drafts[0]).fingerprint };
}

describe('intentops incident', () => {
  it('notes manual fixes on a draft by fingerprint; fixes after two runs become a new intent', async () => {
    const { repo, fingerprint } = await repoWithDraft();
    const fix = async () => {
      const r = await cli([
        '--repo',
        repo,
        'incident',
        'note',
        fingerprint.slice(0, 8),
        '--fix',
        '$ systemctl restart web-cache',
        '--by',
        'alice',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('noted manual fix');
    };
    // The same fix noted twice after one run is one fix done by hand.
    await fix();
    await fix();
    const once = await cli(['--repo', repo, 'learn', '--dry-run', '--json']);
    expect(JSON.parse(once.stdout).suggestions).toEqual([]);
    // The incident happens again (the draft gets an occurrence), and is fixed by hand again.
    await writeFiles(repo, { 'intents/requests/web-2.yaml': request({ app: 'web', restarts: 4 }) });
    const again = await cli(['--repo', repo, 'run', 'intents/requests/web-2.yaml']);
    expect(again.code, again.stderr).toBe(0);
    await fix();
    const notes = (await readFile(join(repo, 'incidents', 'manual-notes.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatchObject({
      kind: 'manual_fix',
      fingerprint,
      intent: 'work',
      by: 'alice',
      issue: 0,
      text: '$ systemctl restart web-cache',
    });
    expect(notes[0].comment).not.toBe(notes[1].comment);

    const learned = await cli(['--repo', repo, 'learn', '--dry-run', '--json']);
    expect(learned.code, learned.stderr).toBe(0);
    const [s] = JSON.parse(learned.stdout).suggestions;
    expect(s).toMatchObject({
      trigger: 'repeated_manual_fix',
      title: 'New intent restart-cache from 2 manual fixes',
    });
    expect(s.rationale).toContain('2 noted locally');
    expect(s.changes[0].after).toContain('run: systemctl restart {{app}}-cache');
  });

  it('refuses an unknown draft, a note without text and a note with both kinds, writing nothing', async () => {
    const { repo, fingerprint } = await repoWithDraft();
    const cases = [
      ['incident', 'note', 'ffffffff', '--fix', 'x'],
      ['incident', 'note', fingerprint, '--fix', '   '],
      ['incident', 'note', fingerprint, '--fix', 'a', '--step', 'b'],
      ['incident', 'note', fingerprint],
    ];
    for (const args of cases) {
      const r = await cli(['--repo', repo, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/expected/);
    }
    await expect(readFile(join(repo, 'incidents', 'manual-notes.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
    await writeFiles(repo, {});
  });
});
