import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action-runner.js';
import { exampleRepoWithBadRequest } from './helpers/repo.js';

// The action's `validate` (every pull request waits for it, the verify workflow) runs the validate
// bundle, dist/chunks/validate-<hash>.cjs, straight from the runner's entry, as the CLI does: one
// CommonJS file instead of main.js and the graph of ES module chunks holding yaml, zod, cel-js and
// re2js. It says what the sources say, and it
// keeps no code cache (a file any step of the runner's user could write, run as the action's code).

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'intentops-action-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const repo = exampleRepoWithBadRequest(join(tmp, 'repo'));

// A module hook that lists every module Node loads (the runner starts the action with NODE_OPTIONS
// kept: the environment's seal leaves it in place).
const loadedLog = join(tmp, 'loaded.txt');
const hook = join(tmp, 'hook.mjs');
writeFileSync(
  join(tmp, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(loadedLog)}, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(
  hook,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(tmp, 'hooks.mjs')).href)});\n`,
);

async function validateWith(entry: 'src' | 'dist', home: string) {
  return runAction({
    inputs: { command: 'validate', 'github-token': 'ghs_test', 'repo-path': repo },
    event: {},
    eventName: 'pull_request',
    sha: '0'.repeat(40),
    apiUrl: 'http://127.0.0.1:9',
    cwd: repo,
    entry,
    env: {
      HOME: home,
      // Where a code cache would go: beside Node's compile cache (src/adapters/user-cache-file.ts).
      NODE_COMPILE_CACHE: join(home, '.cache', 'node'),
      ...(entry === 'dist' ? { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` } : {}),
    },
  });
}

const annotations = (out: string) => out.split('\n').filter((l) => /^::(error|warning)/.test(l));

describe('the action’s validate', () => {
  it('runs the validate bundle: no ES module of yaml or zod is loaded, the same findings, no code cache', async () => {
    const home = join(tmp, 'home-dist');
    const bundled = await validateWith('dist', home);
    expect(bundled.code, bundled.stdout).toBe(1);
    expect(bundled.outputs.status).toBe('invalid');
    expect(annotations(bundled.stdout)).toContain(
      "::error file=intents/requests/bad.yaml,line=4,col=1::unknown key 'extra'; expected one of: intent, params, reason, environment, proposed_by",
    );

    const loaded = readFileSync(loadedLog, 'utf8').split('\n').filter(Boolean);
    const chunks = loaded.filter((u) => u.includes('/dist/')).map((u) => fileURLToPath(u));
    // Not vacuous: the entry was seen by the hook. main.js, and the ES modules of every other
    // command, were not loaded at all.
    expect(chunks).toContain(join(ROOT, 'dist', 'index.js'));
    expect(chunks).not.toContain(join(ROOT, 'dist', 'main.js'));
    const heavy = chunks.filter((file) => /Symbol\.for\("yaml\.|\$ZodType/.test(readFileSync(file, 'utf8')));
    expect(heavy).toEqual([]);

    // No code cache anywhere under the runner's home.
    const cached = existsSync(home)
      ? readdirSync(home, { recursive: true, encoding: 'utf8' }).filter(
          (f) => f.endsWith('.cache') && f.includes('intentops'),
        )
      : [];
    expect(cached).toEqual([]);

    // The sources (the ES modules, main.ts) say the same: the log, the outputs, the summary.
    const fromSources = await validateWith('src', join(tmp, 'home-src'));
    expect(fromSources.code).toBe(bundled.code);
    expect(fromSources.stdout).toBe(bundled.stdout);
    expect(fromSources.outputs).toEqual(bundled.outputs);
    expect(fromSources.summary).toBe(bundled.summary);
  }, 120_000);
});
