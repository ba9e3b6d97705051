import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPath } from '../src/domain/records/record.js';
import { runAction } from './helpers/action-runner.js';
import { auditHistory, historyFiles } from './helpers/audit-history.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { baseFiles } from './helpers/fixture-catalog.js';

// The jobs a GitOps repository runs with the action alone (no npm install): report, verify
// (audit verify, and on a pull request the bot-owned check) and replay, run as a runner runs them.

let root: string;
let work: string;
const history = auditHistory(12, new Date(Date.now() - 3_600_000), 5, 3);

beforeAll(async () => {
  ({ root, work } = await checkoutWithRemote(
    'intentops-action-rv-',
    { ...baseFiles(), ...historyFiles(history) },
    'catalog and history',
  ));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (
  command: string,
  extra: { inputs?: Record<string, string>; event?: unknown; eventName?: string } = {},
) =>
  runAction({
    inputs: { command, 'github-token': 't', ...extra.inputs },
    event: extra.event ?? {},
    eventName: extra.eventName ?? 'push',
    sha: git(work, 'rev-parse', 'HEAD'),
    apiUrl: 'http://127.0.0.1:9',
    cwd: work,
  });

describe('action: report, verify, replay', () => {
  it('report writes the site, Chart.js included, into `out`', async () => {
    const r = await run('report', { inputs: { out: join(root, 'site') } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('written');
    expect(existsSync(join(root, 'site', 'index.html'))).toBe(true);
    expect(existsSync(join(root, 'site', 'chart.umd.min.js'))).toBe(true);
    expect(r.summary).toContain('12 execution(s)');
    // On a runner the record paths link to the files of the commit the report was built from.
    const index = await readFile(join(root, 'site', 'index.html'), 'utf8');
    const sha = git(work, 'rev-parse', 'HEAD');
    expect(index).toContain(
      `href="https://github.com/acme/gitops/blob/${sha}/${recordPath(history[0] as never)}"`,
    );
  });

  it('replay replays every record and says how many kept their verdict', async () => {
    const r = await run('replay');
    expect(r.summary).toContain('replayed 12 record(s)');
    expect(r.outputs.status).toBe(r.code === 0 ? 'same' : 'differs');
  });

  it('verify passes an untouched trail and fails once a record is edited', async () => {
    const ok = await run('verify');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.outputs.status).toBe('verified');
    const file = join(work, recordPath(history[3] as never));
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/exit_code: 0/);
    await writeFile(file, text.replace(/exit_code: 0/, 'exit_code: 7'));
    const bad = await run('verify');
    await writeFile(file, text);
    expect(bad.code).toBe(1);
    expect(bad.outputs.status).toBe('failed');
    expect(bad.stdout).toContain('::error');
  });

  it('verify on a pull request refuses a human change to executions/', async () => {
    const base = git(work, 'rev-parse', 'main');
    git(work, 'checkout', '-q', '-B', 'sneaky');
    await writeFile(join(work, 'executions', 'note.json'), '{}\n');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'edit evidence');
    const head = git(work, 'rev-parse', 'HEAD');
    const event = { pull_request: { base: { sha: base }, head: { sha: head }, user: { login: 'mallory' } } };
    const r = await run('verify', { event, eventName: 'pull_request' });
    git(work, 'checkout', '-q', 'main');
    expect(r.code).toBe(1);
    expect(r.summary).toContain('bot-owned: ✖');
    expect(r.stdout).toContain('executions/note.json');
  });
});
