import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// `preview:` commands run on every pull request with the observe credentials: validate holds them
// to read-only verbs, at the line of the command, and says what is allowed.

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

const INTENT = `name: deploy-web
description: deploy web
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: apply
    run: [kubectl, apply, -k, "apps/{{app}}"]
preview:
  - name: diff
    run: [kubectl, diff, -k, "apps/{{app}}"]
  - name: oops
    run: [kubectl, -n, shop, delete, deploy, "{{app}}"]
  - name: dry
    run: [kubectl, apply, --dry-run=server, -k, "apps/{{app}}"]
  - name: verb
    run: [kubectl, "{{app}}", pods]
  - name: shell
    run: kubectl get pods -l app={{app}}
  - name: script
    run: [bash, scripts/preview.sh]
`;

describe('intentops validate: previews', () => {
  it('refuses a mutating kubectl verb, a shell string and a script at file:line, saying what is allowed and why', async () => {
    const dir = await makeRepo({ ...baseFiles(), 'intents/catalog/deploy-web.yaml': INTENT });
    repos.push(dir);
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('intents/catalog/deploy-web.yaml'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^intents\/catalog\/deploy-web\.yaml:13:10: preview 'oops': kubectl delete is not a read-only verb; a preview may use kubectl get, describe, diff, .* and apply only with --dry-run=server or --dry-run=client$/,
      ),
      expect.stringMatching(
        /^intents\/catalog\/deploy-web\.yaml:17:10: preview 'verb': the kubectl verb comes from a param: write it in the intent/,
      ),
      expect.stringMatching(
        /^intents\/catalog\/deploy-web\.yaml:19:10: preview 'shell': a shell string preview cannot be checked/,
      ),
      expect.stringMatching(
        /^intents\/catalog\/deploy-web\.yaml:21:10: preview 'script': bash runs a shell, .*the preview job runs the base branch's commands on the pull request's files, so only kubectl and helm with read-only verbs may run there/,
      ),
    ]);
    expect(res.stderr).toContain('✖ 4 error(s)');
  });
});
