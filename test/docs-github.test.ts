import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docs/github.md is where a user learns the action's inputs and outputs and the workflows `init`
// writes: its tables must name exactly what action.yml declares and what the templates hold, and no
// page states a count of workflows that a new template would make wrong.

const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const TEMPLATES = 'templates/gitops/.github/workflows';

/** The first column (`` `name` ``) of every row of the table under `heading` in docs/github.md. */
function tableNames(heading: string): string[] {
  const md = read('docs/github.md');
  const start = md.startsWith(`${heading}\n`) ? 0 : md.indexOf(`\n${heading}\n`);
  expect(start, `docs/github.md has a heading ${heading}`).toBeGreaterThan(-1);
  const end = md.indexOf('\n#', start + heading.length + 1);
  const section = md.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([a-z][a-z0-9._-]*)` \|/gm)].map((m) => m[1] as string);
}

const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

describe('docs/github.md', () => {
  it("lists every input of action.yml, and nothing that isn't one", () => {
    expect(tableNames('### Inputs').sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it("lists every output of action.yml, and nothing that isn't one", () => {
    expect(tableNames('### Outputs').sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it('names every workflow `init` writes in its table of workflows', () => {
    const written = readdirSync(join(ROOT, TEMPLATES)).filter((f) => f.endsWith('.yml'));
    expect(written.length).toBeGreaterThan(5);
    expect(tableNames('# On GitHub: what the workflows do').sort()).toEqual(written.sort());
  });

  it('states no count of workflows in README.md or docs/ (it drifts with each new template)', () => {
    const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))];
    const counts = pages.flatMap((p) => {
      const text = read(p === 'README.md' ? p : `docs/${p}`);
      return [
        ...text.matchAll(
          /\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:GitHub |intentops )?workflows\b/gi,
        ),
      ].map((m) => `${p}: ${m[0]}`);
    });
    expect(counts).toEqual([]);
  });
});
