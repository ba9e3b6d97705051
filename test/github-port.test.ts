import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import type { GitHubPort } from '../src/app/shared/github-port.js';

// GitHub behind one adapter (issue 25, item 2): the use-cases and the action speak to the port
// (app/shared/github-port.ts); only adapters/github/ holds calls on the client.

const SRC = join(import.meta.dirname, '..', 'src');
const ALLOWED = ['adapters/github/'];
const CLIENT_CALL = /\boctokit\s*\.|[\w)\]]\.rest\.|\.paginate\b|\.graphql\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
}

describe('the GitHub port', () => {
  it('is met by the adapter (checked by the compiler here too)', () => {
    const port: GitHubPort = githubPort(
      createOctokit({ token: 't', baseUrl: 'http://127.0.0.1:9', pacing: 'none' }),
    );
    expect(Object.keys(port).sort()).toEqual([
      'branches',
      'comments',
      'contents',
      'handedOff',
      'issues',
      'labels',
      'permissions',
      'pulls',
      'reviews',
      'workflows',
    ]);
  });

  it('is the one way to GitHub: no client call outside adapters/github/', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file).split('\\').join('/');
      if (ALLOWED.some((a) => rel.startsWith(a))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (CLIENT_CALL.test(line) && !/^\s*(\/\/|\*)/.test(line))
            offenders.push(`src/${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('is the one place that knows the client type: nothing outside adapters/ imports it', () => {
    const importers = sources(SRC)
      .map((f) => relative(SRC, f).split('\\').join('/'))
      .filter((rel) => !rel.startsWith('adapters/'))
      .filter((rel) => /adapters\/github\/client\.js/.test(readFileSync(join(SRC, rel), 'utf8')));
    expect(importers).toEqual([]);
  });
});
