import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a pull request waits for: the plan's module graph. Everything pull-request.ts imports at its
// top is loaded, parsed and run before the plan starts, on every pull request; what only a rule
// change needs (the backtest reads the records with js-yaml and the record schemas) is imported when
// a rule file changed. Read from the source's static imports (type-only ones load nothing).

const SRC = join(import.meta.dirname, '..');

/** The static (run-time) imports of `file`: relative ones resolved to .ts files, packages by name. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*'([^']+)'/gms)) {
    const [, typeOnly, names = '', spec = ''] = m;
    if (typeOnly) continue;
    const list = /^\{([^}]*)\}$/s.exec(names.trim())?.[1];
    if (list?.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
    out.push(spec.startsWith('.') ? join(dirname(file), spec).replace(/\.js$/, '.ts') : spec);
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) out.push(m[1] as string);
  return out;
}

/** Every module `entry` loads before it runs: files under src/ by path, packages by name. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const f = queue.shift() as string;
    for (const dep of imports(f)) {
      const key = dep.startsWith('/') ? relative(SRC, dep) : dep;
      if (seen.has(key)) continue;
      seen.add(key);
      if (dep.startsWith('/') && existsSync(dep)) queue.push(dep);
    }
  }
  return seen;
}

describe("the pull request's plan: what it loads before it starts", () => {
  it('loads no record reading: the backtest is imported only when a rule file changed', () => {
    const graph = staticGraph(join(SRC, 'action', 'pull-request.ts'));
    // Not vacuous: the graph holds the plan's own parts.
    expect(graph).toContain('app/plan/plan-requests.ts');
    expect(graph).toContain('action/plan-comment.ts');
    expect(graph).toContain('yaml');
    expect(
      [...graph].filter((m) => /^(js-yaml|app\/records\/read-records\.ts|app\/audit\/)/.test(m)),
    ).toEqual([]);
    // The backtest itself does read them (so the line above would see a static import of it).
    expect(staticGraph(join(SRC, 'action', 'backtest-comment.ts'))).toContain('app/records/read-records.ts');
  });

  it("loads no @actions/core (its OIDC client loads undici): the runner's protocol is adapters/actions-runner.ts", () => {
    for (const entry of ['main.ts', 'pull-request.ts']) {
      const graph = staticGraph(join(SRC, 'action', entry));
      expect(graph).toContain('adapters/actions-runner.ts');
      expect([...graph].filter((m) => m.startsWith('@actions/'))).toEqual([]);
    }
  });
});
