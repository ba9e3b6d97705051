import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeOnPush, runAction } from './helpers/action-runner.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from './helpers/gitops-remote.js';
import { cli } from './helpers/repo.js';

// The execute job checks out without the dated record folders (execute.yml's sparse patterns): a
// year of them is most of a repository's files. What it reads must still be there: the newest
// record (the chain's tip), the days back to the oldest pending merge, the last 30 days for the
// metrics; everything after a force-push. The checkout here is made from execute.yml's own inputs.

const OLD_DAY = '2025-03-14';
const OLD_FILE = `executions/${OLD_DAY}/README.md`;

let double: GitHubDouble;
let repo: GitOpsRemote;

beforeAll(async () => {
  double = await startGitHubDouble();
  // A folder of a year ago: nothing the job does needs it.
  repo = await gitopsRemote('intentops-sparse-', { ...baseFiles(), [OLD_FILE]: 'A year ago.\n' });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

const options = (work: string) => executeOnPush(work, double.url);

const records = () => repo.records();

describe("the execute job's sparse checkout", { timeout: 420_000 }, () => {
  it('checks out the record days it reads, not the year before them; its record extends the chain', async () => {
    const a = await repo.merge({ 'intents/requests/a.yaml': request({ app: 'a' }) }, 'merge a');
    double.state.adoptCommit(a, 'merge a');
    const first = await runAction(options(repo.checkout('execute-job')));
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const [ra] = records();
    expect(ra?.status).toBe('success');

    const b = await repo.merge({ 'intents/requests/b.yaml': request({ app: 'b' }) }, 'merge b');
    double.state.adoptCommit(b, 'merge b');
    const work = repo.checkout('execute-job');
    // As the checkout leaves it: no dated record folder at all.
    expect(existsSync(join(work, 'executions', ra?.timestamp.slice(0, 10) ?? '?'))).toBe(false);
    const second = await runAction(options(work));
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const rb = records().find((r) => r.request.path === 'intents/requests/b.yaml');
    expect(rb?.status).toBe('success');
    // The chain's tip was read although its folder was left out by the checkout.
    expect(rb?.prev_digest).toBe(ra?.digest);
    expect(existsSync(join(work, OLD_FILE))).toBe(false);

    // `audit verify` reads every record: every day is checked out first, and the chain holds.
    const verify = await cli(['--repo', work, 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout + verify.stderr).toMatch(/\b2 record/);
    expect(existsSync(join(work, OLD_FILE))).toBe(true);
    // No record shows as deleted or changed: left-out folders are not missing files to git.
    expect(git(work, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
