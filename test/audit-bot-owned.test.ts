import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { git } from './helpers/checkout.js';
import { cli, writeFiles } from './helpers/repo.js';

// Only the bot writes its evidence: a pull request that adds, changes or deletes anything under
// executions/, the bot's incidents/*.jsonl or learning/ledger.yaml is refused unless the bot made
// it. Real git repositories; the CLI in-process, and ci.yml's own step run by bash as a runner runs
// it, with the base commit's bundled CLI (dist/, which CI proves fresh first) as the checker.

const ROOT = join(import.meta.dirname, '..');
let root: string;
let repo: string;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'intentops-bot-owned-'));
  repo = join(root, 'pr');
  await mkdir(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 't@example.com');
  git(repo, 'config', 'user.name', 't');
  await writeFiles(repo, {
    'intents/requests/.keep': '',
    'executions/2026-01-01/abc.yaml': 'id: abc\nstatus: success\n',
    'incidents/manual-notes.jsonl': '{"note":"restarted by hand"}\n',
    'incidents/filed/INC-1.md': '# INC-1\n',
    'learning/ledger.yaml': 'decisions: []\n',
  });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  base = git(repo, 'rev-parse', 'HEAD');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A PR branch off the base with these edits (a null deletes the file); its head sha. */
async function branch(name: string, files: Record<string, string | null>): Promise<string> {
  git(repo, 'checkout', '-q', '-B', name, base);
  const writes = Object.fromEntries(
    Object.entries(files).filter((e): e is [string, string] => e[1] !== null),
  );
  await writeFiles(repo, writes);
  for (const [path, text] of Object.entries(files)) if (text === null) await unlink(join(repo, path));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', name);
  const head = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', 'main');
  return head;
}

const check = (head: string, author: string, ...more: string[]) =>
  cli(['--repo', repo, 'audit', 'bot-owned', '--base', base, '--head', head, '--author', author, ...more]);

describe('audit bot-owned', () => {
  it("refuses a human's PR that adds a record, a note line, or changes the ledger — each named", async () => {
    const head = await branch('invent', {
      'executions/2026-02-02/new.yaml': 'id: new\nstatus: success\n',
      'incidents/manual-notes.jsonl': '{"note":"restarted by hand"}\n{"note":"curl x | bash fixed it"}\n',
      'learning/ledger.yaml': 'decisions: [{accepted: true}]\n',
      'intents/requests/web.yaml': 'intent: work\n',
    });
    const r = await check(head, 'mallory');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      '✖ "executions/2026-02-02/new.yaml" (A)',
      '✖ "incidents/manual-notes.jsonl" (M)',
      '✖ "learning/ledger.yaml" (M)',
    ]);
    expect(r.stderr).toContain('only the bot writes executions/**, incidents/*.jsonl, learning/ledger.yaml');
    expect(r.stderr).toContain('this pull request is by mallory');
  });

  it('names where an offending record says it came from: a local run (who, where) or a GitHub run', async () => {
    const local = stringify({
      id: 'local-1',
      origin: { kind: 'local', host: 'laptop-7', user: 'alice', git_author: 'Alice <alice@example.com>' },
      status: 'success',
    });
    const github = stringify({
      id: 'gh-1',
      origin: { kind: 'github', run_url: 'https://github.com/acme/gitops/actions/runs/9' },
    });
    const head = await branch('local-records', {
      'executions/2026-02-04/local-1.yaml': local,
      'executions/2026-02-04/gh-1.yaml': github,
    });
    const r = await check(head, 'alice');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      '✖ "executions/2026-02-04/gh-1.yaml" (A) — says it came from GitHub run "https://github.com/acme/gitops/actions/runs/9"',
      '✖ "executions/2026-02-04/local-1.yaml" (A) — says it came from a local run by "alice" on "laptop-7" (git author "Alice <alice@example.com>")',
    ]);
    expect(r.stderr).toContain("a local run's record stays out of pull requests");
    const json = JSON.parse((await check(head, 'alice', '--json')).stdout) as {
      touched: { path: string; origin?: { kind: string } }[];
    };
    expect(json.touched.find((t) => t.path.endsWith('local-1.yaml'))?.origin).toMatchObject({
      kind: 'local',
    });
  });

  it('a claimed origin is data: a value holding a newline stays on its line', async () => {
    const head = await branch('forged-origin', {
      'executions/2026-02-05/x.yaml': stringify({
        origin: { kind: 'local', host: 'h\n::error::forged', user: 'u' },
      }),
    });
    const r = await check(head, 'dev');
    expect(r.stdout).toBe(
      '✖ "executions/2026-02-05/x.yaml" (A) — says it came from a local run by "u" on "h\\n::error::forged"\n',
    );
  });

  it('refuses deleting a record (renaming one is a delete and an add)', async () => {
    const del = await branch('delete', { 'executions/2026-01-01/abc.yaml': null });
    expect((await check(del, 'dev')).stdout).toBe('✖ "executions/2026-01-01/abc.yaml" (D)\n');
  });

  it("lets a PR that leaves the bot's evidence alone pass (filed incidents and requests are people's)", async () => {
    const head = await branch('people', {
      'intents/requests/web.yaml': 'intent: work\n',
      'incidents/filed/INC-2.md': '# INC-2\n',
      'incidents/notes.md': 'a human note\n',
    });
    const r = await check(head, 'dev');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no bot-owned path changed');
  });

  it("lets the bot's own PR through: github-actions[bot], or a configured login (flag or INTENTOPS_BOT_LOGINS)", async () => {
    const head = await branch('intentops/records/42', {
      'executions/2026-02-03/rec.yaml': 'id: rec\nstatus: success\n',
    });
    expect((await check(head, 'github-actions[bot]', '--actor', 'github-actions[bot]')).code).toBe(0);
    expect((await check(head, 'my-app[bot]')).code).toBe(1);
    expect((await check(head, 'My-App[bot]', '--bot', 'my-app[bot]')).code).toBe(0);
    process.env.INTENTOPS_BOT_LOGINS = 'other[bot], my-app[bot]';
    try {
      expect((await check(head, 'my-app[bot]')).code).toBe(0);
    } finally {
      delete process.env.INTENTOPS_BOT_LOGINS;
    }
  });

  it("refuses the bot's PR when someone else pushed to it", async () => {
    const head = await branch('intentops/records/43', { 'incidents/anomaly-log.jsonl': '{"a":1}\n' });
    const r = await check(head, 'github-actions[bot]', '--actor', 'dev');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the pull request is the bot's, but dev pushed to it");
  });

  it('prints a file name that holds a newline quoted, so no line of it reads as a workflow command', async () => {
    const head = await branch('newline', { 'executions/x\n::error::forged.yaml': 'x\n' });
    const r = await check(head, 'dev', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).touched).toEqual([
      { status: 'A', path: 'executions/x\n::error::forged.yaml' },
    ]);
    const text = await check(head, 'dev');
    expect(text.stdout).toBe('✖ "executions/x\\n::error::forged.yaml" (A)\n');
  });

  it('an unknown commit is bad input (exit 2)', async () => {
    const r = await check('f'.repeat(40), 'dev');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is the history fetched?');
  });
});

describe("ci.yml's bot-owned-paths step, as a runner runs it", () => {
  interface Step {
    run?: string;
    env?: Record<string, string>;
  }
  const ci = parse(execFileSync('cat', [join(ROOT, '.github', 'workflows', 'ci.yml')], { encoding: 'utf8' }));
  const steps = (ci.jobs['bot-owned-paths']?.steps ?? []) as Step[];
  const step = steps.find((s) => s.run !== undefined);

  /** The step's env with the expressions GitHub would fill in; then bash -e, in a workspace with base/ and pr/. */
  async function runStep(head: string, author: string, actor = author) {
    const context: Record<string, string> = {
      'github.event.pull_request.base.sha': base,
      'github.event.pull_request.head.sha': head,
      'github.event.pull_request.user.login': author,
      'github.actor': actor,
      'vars.INTENTOPS_BOT_LOGINS': '',
    };
    const env = Object.fromEntries(
      Object.entries(step?.env ?? {}).map(([k, v]) => [
        k,
        v.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
          if (!(name in context)) throw new Error(`the test does not know ${name}`);
          return context[name] as string;
        }),
      ]),
    );
    // Only the bundle: the checker must run from the base checkout without node_modules.
    await rm(join(root, 'base'), { recursive: true, force: true });
    await cp(join(ROOT, 'dist'), join(root, 'base', 'dist'), { recursive: true });
    return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step?.run ?? 'exit 99'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
  }

  it("refuses a contributor's PR that adds an execution record; passes the bot's", async () => {
    expect(step, 'ci.yml has a bot-owned-paths job with a run step').toBeDefined();
    const head = await branch('ci-invent', { 'executions/2026-03-03/fake.yaml': 'id: fake\n' });
    const r = await runStep(head, 'mallory');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('✖ "executions/2026-03-03/fake.yaml" (A)');
    const bot = await runStep(head, 'github-actions[bot]');
    expect(bot.status, bot.stdout + bot.stderr).toBe(0);
  });
});
