import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeOnPush, runAction } from './helpers/action-runner.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// An intents/environments.yaml that does not parse names no credentials: before, every environment
// then ran with the job's own kubeconfig (another environment's cluster). Now the request is
// recorded with the file:line problem and no step runs.

const TOUCH = `name: touch
description: leaves a mark when its step runs
risk: low
params:
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: touch
    run: touch {{marks}}/ran
    timeout: 30s
`;

let double: GitHubDouble;
let repo: GitOpsRemote;

beforeAll(async () => {
  double = await startGitHubDouble();
  repo = await gitopsRemote('intentops-env-invalid-', {
    'intents/catalog/touch.yaml': TOUCH,
    // `kubeconfig` must be a name, not a list: the file is invalid at line 3.
    'intents/environments.yaml': 'environments:\n  - name: staging\n    kubeconfig: [STAGING_KUBECONFIG]\n',
  });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

describe('an invalid intents/environments.yaml', { timeout: 120_000 }, () => {
  it('refuses the request with the file:line problem, and no step runs', async () => {
    const sha = await repo.merge(
      {
        'intents/requests/a.yaml': `intent: touch\nparams: { marks: ${repo.root} }\nreason: a\n`,
      },
      'merge a',
    );
    double.state.adoptCommit(sha, 'merge a');
    const r = await runAction(executeOnPush(repo.checkout(), double.url));
    const records = repo.records();
    expect(
      records.map((x) => x.status),
      r.stdout + r.stderr,
    ).toEqual(['denied']);
    expect(JSON.stringify(records[0])).toContain('intents/environments.yaml:3');
    expect(existsSync(join(repo.root, 'ran'))).toBe(false);
  });
});
