import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The npm package `intentops` holds what a user runs (the CLI and the action bundle, the
// templates `init` writes, schemas, example intents, action.yml, README, LICENSE, CHANGELOG), the
// documentation of that exact version (docs/, SECURITY.md) and nothing of the development (tests,
// fixtures, sources, benchmarks, scripts).

const ROOT = join(import.meta.dirname, '..');

describe('npm package', () => {
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as [{ name: string; version: string; files: { path: string }[] }];
  const files = pack.files.map((f) => f.path);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    bin: Record<string, string>;
  };

  it('is intentops at the version in package.json, with a semantic version', () => {
    expect(pack.name).toBe('intentops');
    expect(pack.version).toBe(pkg.version);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}]`);
  });

  it('holds the bin, the bundle, schemas, templates, example intents, action.yml, README, LICENSE', () => {
    expect(files).toContain(pkg.bin.intentops);
    for (const f of [
      'dist/cli.js',
      'dist/index.js',
      'dist/main.js',
      'dist/chart.umd.min.js',
      'action.yml',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
      'schemas/catalog.schema.json',
      'intents/catalog/restart-app.yaml',
      'templates/gitops/intents/execute.yaml',
      'templates/gitops/.github/workflows/intentops-plan.yml',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith('dist/chunks/'))).toBe(true);
  });

  it('holds the documentation of its version: every page of docs/, the images they show, SECURITY.md', () => {
    const pages = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(5);
    const images = pages.flatMap((p) =>
      [...readFileSync(join(ROOT, 'docs', p), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map(
        (m) => `docs/${m[1]}`,
      ),
    );
    expect(images.length).toBeGreaterThan(0);
    for (const f of [...pages.map((p) => `docs/${p}`), ...images, 'SECURITY.md'])
      expect(files, f).toContain(f);
  });

  it('holds no tests, fixtures, sources, benchmarks or scripts', () => {
    const dev = files.filter((f) =>
      /^(test|src|bench|scripts|grafana|node_modules|\.github)\/|\.test\.|fixtures/.test(f),
    );
    expect(dev).toEqual([]);
  });
});
