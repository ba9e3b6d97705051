import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/setup.md's one table of secrets and variables is the list a user sets up from: it must name
// exactly what the workflows read, each as what it is (secret or variable).

const ROOT = join(import.meta.dirname, '..');
const WORKFLOW_DIRS = ['templates/gitops/.github/workflows', '.github/workflows'];

function workflowNames(): Map<string, 'secret' | 'variable'> {
  const names = new Map<string, 'secret' | 'variable'>();
  for (const dir of WORKFLOW_DIRS) {
    for (const f of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.yml'))) {
      const text = readFileSync(join(ROOT, dir, f), 'utf8');
      for (const m of text.matchAll(/\b(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (m[2] === 'GITHUB_TOKEN') continue;
        names.set(m[2] as string, m[1] === 'secrets' ? 'secret' : 'variable');
      }
    }
  }
  return names;
}

function setupTable(): Map<string, string> {
  const md = readFileSync(join(ROOT, 'docs', 'setup.md'), 'utf8');
  const section = md.slice(
    md.indexOf('## Secrets and variables'),
    md.indexOf('\n## ', md.indexOf('## Secrets and variables') + 1),
  );
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Z_][A-Z0-9_]*)` \| (secret|variable) \|/gm))
    rows.set(m[1] as string, m[2] as string);
  return rows;
}

describe('docs/setup.md', () => {
  it('lists every secret and variable the workflows read, as what it is, and nothing else', () => {
    const used = workflowNames();
    const documented = setupTable();
    expect(used.size).toBeGreaterThan(10);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(used));
  });
});
