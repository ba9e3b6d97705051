import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// What an upgrade needs from each release: a CHANGELOG "Upgrading" part (what a user of the
// version before must change), and the templates it shipped, kept in templates/past/<version>/ as
// the merge base of `init --update` (the release workflow refuses a release without them).

const ROOT = join(import.meta.dirname, '..');
const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const sections = changelog
  .split(/^## /m)
  .slice(1)
  .map((s) => ({ title: s.slice(0, s.indexOf('\n')), body: s }));
const released = sections.flatMap((s) => /^\[(\d+\.\d+\.\d+)\]/.exec(s.title)?.[1] ?? []);
const byInit = released.filter((v) => v !== '0.1.0'); // 0.1.0 had no init

describe('upgrading', () => {
  it('every release since 0.2.0, and the unreleased one, says what to change under "Upgrading"', () => {
    expect(released).toContain('0.2.0');
    for (const s of sections.filter(
      (x) => x.title.startsWith('[Unreleased]') || byInit.some((v) => x.title.startsWith(`[${v}]`)),
    ))
      expect(s.body, s.title).toMatch(/^### Upgrading\n/m);
  });

  it('keeps the templates of every release that had init', () => {
    for (const v of byInit) {
      const past = join(ROOT, 'templates', 'past', v);
      expect(existsSync(join(past, '.github', 'workflows', 'intentops-execute.yml')), v).toBe(true);
      expect(readFileSync(join(past, 'schemas.sha256'), 'utf8'), v).toMatch(
        /^[0-9a-f]{64} {2}catalog\.schema\.json$/m,
      );
    }
  });
});
