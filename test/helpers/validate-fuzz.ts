import fs, { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyFeatureBase, examplesBase, type FuzzBase, initBase, writeBase } from './fuzz/bases.js';
import { applyCase, type FuzzCase, makeCase, prng, valuePool } from './fuzz/mutate.js';

// `intentops validate` must never crash (issue 24, item 2): whatever is in intents/, it exits 0 or 2
// (1 is main()'s path for an uncaught error), prints no stack trace, keeps --json output JSON, and
// names the file and line of every refusal. This is the fuzzer: repositories made from the example
// repository and from what `init` writes, with files mutated — values swapped for hostile or
// out-of-range ones, keys deleted, misspelt or added, lists emptied, text cut or shifted.
// The bases are in fuzz/bases.ts, the mutations in fuzz/mutate.ts; this file runs and judges.
// test/validate-fuzz.test.ts runs it with a fixed seed; bench/validate-fuzz.ts with a random one.

/** The bases, written once each into a temporary folder, and the values swapped between them. */
export interface FuzzSetup {
  bases: FuzzBase[];
  pool: unknown[];
  dirs: Map<FuzzBase, string>;
  /** Removes the folders. */
  dispose(): void;
}

export async function setUpFuzz(projectRoot: string): Promise<FuzzSetup> {
  const root = mkdtempSync(join(tmpdir(), 'intentops-fuzz-'));
  const init = await initBase();
  // everyFeatureBase last: makeCase starts half of the cases from the last base.
  const bases = [examplesBase(projectRoot), init, everyFeatureBase(projectRoot, init)];
  const dirs = new Map<FuzzBase, string>();
  for (const b of bases) {
    const dir = join(root, b.name);
    writeBase(dir, b);
    dirs.set(b, dir);
  }
  return {
    bases,
    pool: valuePool(bases),
    dirs,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Runs `count` cases from `seed` with `run` (in process, or the bundled CLI), each on its base's
 * folder, which is put back after it. Returns every failure, described for a person to reproduce.
 */
export async function fuzz(
  setup: FuzzSetup,
  seed: number,
  count: number,
  run: (dir: string, c: FuzzCase) => Promise<Outcome> | Outcome,
): Promise<string[]> {
  const rand = prng(seed);
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = makeCase(rand, setup.bases, setup.pool);
    const dir = setup.dirs.get(c.base) as string;
    const restore = applyCase(dir, c);
    try {
      const out = await run(dir, c);
      const found = violations(c, out);
      if (found.length) failures.push(describeFailure(seed, i, c, out, found));
    } finally {
      restore();
    }
  }
  return failures;
}

export function argvFor(dir: string, c: FuzzCase): string[] {
  const json = c.format === 'json' ? ['--json'] : [];
  const format = c.format === 'github' ? ['--format', 'github'] : [];
  return ['--repo', dir, ...json, 'validate', ...format, ...c.paths];
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Problems without a line: the file as a whole (src/domain/input/yaml-source.ts, load-repo.ts, validate.ts). */
const WHOLE_FILE =
  /^(file looks binary|file is not valid UTF-8|expected a mapping at the top level, but the file is empty|file is too large|cannot read|not an intents file|same name as |ignored: |missing: |no intents\/ folder|outside the repository|.*is a symbolic link)/;
const STACK =
  /^\s+at .+:\d+(:\d+)?\)?$|\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError)\b|^intentops: |is not in the validate bundle/m;

interface JsonDiagnostic {
  file?: unknown;
  line?: unknown;
  col?: unknown;
  message?: unknown;
  severity?: unknown;
}

/** What is wrong with one run of validate; empty when it behaved. */
export function violations(c: FuzzCase, out: Outcome): string[] {
  const found: string[] = [];
  // 1 is main()'s exit for an uncaught error: validate itself says 0 (valid) or 2 (refused).
  if (out.code !== 0 && out.code !== 2) found.push(`exit code ${out.code}`);
  if (STACK.test(out.stdout) || STACK.test(out.stderr))
    found.push('a stack trace or error name in the output');
  if (/^\(node:\d+\) \w*Warning/m.test(out.stderr)) found.push('a Node warning in the output');
  let diagnostics: JsonDiagnostic[] = [];
  if (c.format === 'json') {
    try {
      const parsed = JSON.parse(out.stdout) as { valid?: unknown; diagnostics?: unknown };
      if (typeof parsed.valid !== 'boolean' || !Array.isArray(parsed.diagnostics))
        found.push('--json output lacks valid/diagnostics');
      else {
        diagnostics = parsed.diagnostics as JsonDiagnostic[];
        if (parsed.valid !== (out.code === 0))
          found.push(`valid: ${parsed.valid} with exit code ${out.code}`);
      }
    } catch {
      found.push('--json output is not JSON');
    }
  } else if (c.format === 'github') {
    for (const l of out.stdout.split('\n').filter(Boolean))
      if (!/^::(error|warning) file=[^,:]+(,line=\d+,col=\d+)?::/.test(l))
        found.push(`not an annotation: ${l.slice(0, 120)}`);
  } else {
    const summary = out.stderr.trimEnd().split('\n').at(-1) ?? '';
    if (!/^(✔ \d+ file\(s\) valid|✖ \d+ error\(s\) in \d+ file\(s\))$/.test(summary))
      found.push(`last line is not the summary: ${summary.slice(0, 120)}`);
  }
  for (const d of diagnostics) {
    const where = `${String(d.file)}:${String(d.line)}: ${String(d.message).slice(0, 120)}`;
    if (typeof d.file !== 'string' || d.file === '') found.push(`a diagnostic without a file: ${where}`);
    if (d.severity !== 'error' || WHOLE_FILE.test(String(d.message))) continue;
    if (
      !Number.isInteger(d.line) ||
      (d.line as number) < 1 ||
      !Number.isInteger(d.col) ||
      (d.col as number) < 1
    )
      found.push(`an error without line and column: ${where}`);
  }
  return found;
}

/**
 * Runs `main` in this process with what it prints captured: process.stdout/stderr and fs.writeSync
 * to 1 and 2 (validate's own lines, src/cli/write-line.ts), as test/helpers/repo.ts does for vitest.
 */
export async function inProcess(
  main: (argv: readonly string[]) => Promise<number>,
  argv: readonly string[],
): Promise<Outcome> {
  const captured = { stdout: '', stderr: '' };
  const { write: outWrite } = process.stdout;
  const { write: errWrite } = process.stderr;
  const writeSync = fs.writeSync;
  const { emitWarning } = process;
  // Node prints a warning after the run, on the next tick: take it down as the CLI would show it.
  process.emitWarning = ((warning: string | Error) => {
    captured.stderr += `(node:${process.pid}) Warning: ${warning instanceof Error ? warning.message : warning}\n`;
  }) as typeof process.emitWarning;
  const grab = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      captured[stream] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = grab('stdout');
  process.stderr.write = grab('stderr');
  fs.writeSync = ((...args: unknown[]) => {
    const [fd, data, from] = args as [number, Uint8Array | string, number | undefined];
    if (fd !== 1 && fd !== 2) return (writeSync as (...a: unknown[]) => number)(...args);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data.subarray(from ?? 0);
    captured[fd === 1 ? 'stdout' : 'stderr'] += Buffer.from(bytes).toString();
    return bytes.length;
  }) as typeof fs.writeSync;
  try {
    let code: number;
    try {
      code = await main(argv);
    } catch (err) {
      // main() catches everything; a throw past it is a crash like any other.
      captured.stderr += `intentops: ${err instanceof Error ? err.stack : String(err)}\n`;
      code = 1;
    }
    return { code, ...captured };
  } finally {
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
    fs.writeSync = writeSync;
    process.emitWarning = emitWarning;
  }
}

/** A failure as a person reproduces it: the case's steps and the start of what validate printed. */
export function describeFailure(
  seed: number,
  index: number,
  c: FuzzCase,
  out: Outcome,
  found: string[],
): string {
  return [
    `seed ${seed}, case ${index} (base ${c.base.name}, validate ${c.format}${c.paths.length ? ` ${c.paths.join(' ')}` : ''}): ${found.join('; ')}`,
    ...c.steps.map((s) => `  ${s}`),
    `  exit ${out.code}; stderr: ${out.stderr.slice(0, 600)}`,
    out.stdout ? `  stdout: ${out.stdout.slice(0, 300)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
