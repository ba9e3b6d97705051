import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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

const TEMPLATES = 'templates/gitops/.github/workflows';
const templates = () => readdirSync(join(ROOT, TEMPLATES)).filter((f) => f.endsWith('.yml'));
const setup = () => readFileSync(join(ROOT, 'docs', 'setup.md'), 'utf8');

/** Values of one cron field (`*`, `*\/n`, `a-b`, `a,b`, `n`) between lo and hi. */
function cronField(field: string, lo: number, hi: number): number[] {
  const all = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return [
    ...new Set(
      field.split(',').flatMap((part) => {
        const [range = '*', step = '1'] = part.split('/');
        const [a, b] = range === '*' ? [lo, hi] : range.split('-').map(Number);
        return all.filter(
          (v) => v >= (a ?? lo) && v <= (b ?? a ?? hi) && (v - (a ?? lo)) % Number(step) === 0,
        );
      }),
    ),
  ];
}

describe('docs/setup.md, the schedule and the permissions', () => {
  it("states what the execute workflow's schedule costs, from its cron, and how to change it", () => {
    const wf = parse(readFileSync(join(ROOT, TEMPLATES, 'intentops-execute.yml'), 'utf8')) as {
      on: { schedule: { cron: string }[] };
    };
    const [cron] = wf.on.schedule.map((s) => s.cron);
    const [minute = '', hour = '', ...days] = String(cron).split(/\s+/);
    expect(days, 'a schedule that runs every day').toEqual(['*', '*', '*']);
    const perDay = cronField(minute, 0, 59).length * cronField(hour, 0, 23).length;
    const md = setup();
    expect(md).toContain(`\`${cron}\``);
    expect(md).toContain(`${perDay} runs a day`);
    expect(md).toContain(`${(perDay * 30).toLocaleString('en-US')} runs a month`);
  });

  it('has a row in the permissions table for every workflow `init` writes, naming each permission its jobs ask for', () => {
    const md = setup();
    const section = md.slice(md.indexOf('## Tokens and permissions'));
    for (const f of templates()) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${f}\``));
      expect(row, f).toBeDefined();
      const wf = parse(readFileSync(join(ROOT, TEMPLATES, f), 'utf8')) as {
        jobs: Record<string, { permissions?: Record<string, string> }>;
      };
      for (const [job, { permissions = {} }] of Object.entries(wf.jobs))
        for (const [scope, level] of Object.entries(permissions))
          expect(row, `${f}: job ${job}`).toContain(`\`${scope}: ${level}\``);
    }
  });
});
