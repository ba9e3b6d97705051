import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// dist/licenses.txt carries the notice of every package bundled into dist/ (scripts/bundle.mjs
// writes it; check-dist keeps it current): the action ships without node_modules.

const dist = join(import.meta.dirname, '..', 'dist');
const notices = readFileSync(join(dist, 'licenses.txt'), 'utf8');
const listed = new Set([...notices.matchAll(/^(\S+) \d\S* — \S+/gm)].map((m) => m[1]));

describe('dist/licenses.txt', () => {
  it('names each package whose CommonJS module the bundle carries, with its licence text', () => {
    const bundled = new Set<string>();
    for (const f of readdirSync(join(dist, 'chunks'))) {
      const code = readFileSync(join(dist, 'chunks', f), 'utf8');
      for (const m of code.matchAll(/"(?:[^"]*\/)?node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g))
        bundled.add(m[1] as string);
    }
    expect(bundled.size).toBeGreaterThan(10);
    expect([...bundled].filter((p) => !listed.has(p))).toEqual([]);
    // ES modules leave no path behind: the ones intentops is built on are named too.
    for (const p of ['yaml', 'zod', '@octokit/core', '@kubernetes/client-node', 'diff', 'chart.js', 're2js'])
      expect(listed, p).toContain(p);
    expect(notices).toContain('Permission is hereby granted, free of charge');
  });
});
