import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { cli } from './helpers/repo.js';

// Hostile and broken input (test/fixtures/hostile/cases.yaml): each case is written into a fresh copy
// of the base repo; `validate` and `run` must refuse it with exit 2 and a diagnostic naming the file
// (and line), and no step, check or capture may run — every command in base/ touches a marker file.

const FIXTURES = fileURLToPath(new URL('./fixtures/hostile/', import.meta.url));
const CASE_REQUEST = 'intents/requests/case.yaml';
const OK_REQUEST = 'intents/requests/ok.yaml';
/** One marker per command in base/: two steps, the outcome check, two captures. */
const ALL_MARKERS = ['ran-argv', 'ran-capture', 'ran-capture-argv', 'ran-check', 'ran-shell'];

const Phase = z.enum(['validate', 'run']);
const Case = z.strictObject({
  id: z.string(),
  target: z.string().default(CASE_REQUEST),
  generate: z.enum(['oversized', 'binary', 'utf16', 'latin1', 'symlink-passwd', 'none']).optional(),
  file: z.string().optional(),
  line: z.int().optional(),
  message: z.string(),
  request: z.string().optional(),
  run: z.strictObject({ file: z.string(), line: z.int().optional(), message: z.string() }).optional(),
  position: z.string().optional(),
  phases: z.array(Phase).min(1).default(['validate', 'run']),
  bug: z.strictObject({ in: z.array(Phase).min(1), why: z.string() }).optional(),
});
type Case = z.output<typeof Case>;
const Table = z.strictObject({ refused: z.array(Case).min(45), literal: z.array(z.string()).min(1) });
const table = Table.parse(parse(readFileSync(join(FIXTURES, 'cases.yaml'), 'utf8')));

/** Cases that are bytes rather than text are made here instead of being committed. */
function generated(kind: NonNullable<Case['generate']>): Buffer {
  const request = 'intent: deploy-app\nparams:\n  app: demo\nreason: bytes\n';
  switch (kind) {
    case 'oversized':
      return Buffer.concat([
        Buffer.from(`${request}# `),
        Buffer.alloc(1024 * 1024 + 1 - request.length - 2, 'x'),
      ]);
    case 'binary':
      return Buffer.concat([Buffer.from(request), Buffer.from([0, 1, 2, 0xff, 0])]);
    case 'utf16':
      return Buffer.from(`\ufeff${request}`, 'utf16le');
    case 'latin1':
      return Buffer.from(request.replace('bytes', 'café déjà vu'), 'latin1');
    default:
      throw new Error(`case kind ${kind} is not written as bytes`);
  }
}

let root: string;
let counter = 0;
const savedMarkerDir = process.env.MARKER_DIR;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'intentops-hostile-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (savedMarkerDir === undefined) delete process.env.MARKER_DIR;
  else process.env.MARKER_DIR = savedMarkerDir;
});

/** A fresh copy of base/ with the case written in, and an empty marker folder outside the repo. */
function makeRepo(c?: Case): { repo: string; markers: string } {
  const dir = join(root, `${++counter}-${c?.id ?? 'base'}`);
  const repo = join(dir, 'repo');
  const markers = join(dir, 'markers');
  cpSync(join(FIXTURES, 'base'), repo, { recursive: true });
  mkdirSync(markers);
  process.env.MARKER_DIR = markers;
  if (!c || c.generate === 'none') return { repo, markers };
  const target = join(repo, c.target);
  mkdirSync(dirname(target), { recursive: true });
  if (c.generate === 'symlink-passwd') symlinkSync('/etc/passwd', target);
  else if (c.generate) writeFileSync(target, generated(c.generate));
  else cpSync(join(FIXTURES, 'cases', `${c.id}.yaml`), target);
  return { repo, markers };
}

/** A stderr line `file:line:col: …message…` (or `file: …message…` when there is no line). */
function expectDiagnostic(stderr: string, file: string, line: number | undefined, message: string): void {
  const prefix = line === undefined ? `${file}: ` : `${file}:${line}:`;
  const hit = stderr.split('\n').find((l) => l.startsWith(prefix) && l.includes(message));
  expect(
    hit,
    `no line starting ${JSON.stringify(prefix)} containing ${JSON.stringify(message)} in:\n${stderr}`,
  ).toBeDefined();
}

function expectNothingRan(repo: string, markers: string): void {
  expect(readdirSync(markers)).toEqual([]);
  expect(existsSync(join(repo, 'executions')), 'an execution record was written').toBe(false);
}

describe('the marker assertion can fail', () => {
  it('a valid request in the same base repo validates, runs and leaves every marker', async () => {
    const { repo, markers } = makeRepo();
    expect((await cli(['--repo', repo, 'validate'])).code).toBe(0);
    const run = await cli(['--repo', repo, 'run', join(repo, OK_REQUEST)]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(markers).sort()).toEqual(ALL_MARKERS);
    expect(existsSync(join(repo, 'executions'))).toBe(true);
  });
});

describe('the case table', () => {
  it('names every committed case file exactly once, and every case file exists', () => {
    const files = readdirSync(join(FIXTURES, 'cases')).sort();
    const named = [
      ...table.refused.filter((c) => !c.generate).map((c) => `${c.id}.yaml`),
      ...table.literal.map((id) => `literal-${id}.yaml`),
    ].sort();
    expect(named).toEqual(files);
    expect(new Set(table.refused.map((c) => c.id)).size).toBe(table.refused.length);
  });
});

describe.each(table.refused)('hostile input: $id', (c) => {
  const file = c.file ?? c.target;
  const request = c.request ?? (c.target.startsWith('intents/requests/') ? c.target : OK_REQUEST);
  const test = (phase: z.output<typeof Phase>) =>
    !c.phases.includes(phase) ? it.skip : c.bug?.in.includes(phase) ? it.fails : it;
  const bugNote = (phase: z.output<typeof Phase>) =>
    c.bug?.in.includes(phase) ? ` [known bug: ${c.bug.why}]` : '';

  test('validate')(`validate refuses it, naming ${file}${bugNote('validate')}`, async () => {
    const { repo, markers } = makeRepo(c);
    // A path on the command line is refused by name; everything else is found by validating the repo.
    const paths = c.generate === 'none' ? [join(repo, request)] : [];
    const res = await cli(['--repo', repo, 'validate', ...paths]);
    expect(res.code, res.stderr).toBe(2);
    expectDiagnostic(res.stderr, file, c.line, c.message);
    expectNothingRan(repo, markers);
  });

  test('run')(`run ${request} refuses it and runs nothing${bugNote('run')}`, async () => {
    const { repo, markers } = makeRepo(c);
    // Absolute: the CLI resolves request paths against the current directory, not --repo.
    const res = await cli(['--repo', repo, 'run', join(repo, request)]);
    expect(res.code, res.stderr).toBe(2);
    const where = c.run ?? { file, line: c.line, message: c.message };
    expectDiagnostic(res.stderr, where.file, where.line, where.message);
    expectNothingRan(repo, markers);
  });
});

describe.each(table.literal)('a hostile note is plain text: %s', (id) => {
  it('validates, runs with the note passed through byte for byte, and runs nothing else', async () => {
    const c = Case.parse({ id: `literal-${id}`, message: '' });
    const { repo, markers } = makeRepo(c);
    const note = (
      parse(readFileSync(join(FIXTURES, 'cases', `${c.id}.yaml`), 'utf8')) as {
        params: { note: string };
      }
    ).params.note;
    expect((await cli(['--repo', repo, 'validate'])).code).toBe(0);
    const res = await cli(['--repo', repo, '--json', 'run', join(repo, CASE_REQUEST)]);
    expect(res.code, res.stderr).toBe(0);
    const { record } = JSON.parse(res.stdout) as {
      record: { params: { note: string }; commands_run: { step: string; stdout_tail: string }[] };
    };
    expect(record.params.note).toBe(note);
    const out = (step: string) => record.commands_run.find((r) => r.step === step)?.stdout_tail;
    expect(out('deploy')).toContain(`deploying demo ${note} tag=v1.0.0 mode=rolling`);
    expect(out('record')).toContain(`arg=${note}\narg=--tag=v1.0.0\n`);
    expect(readdirSync(markers).sort()).toEqual(ALL_MARKERS);
  });
});
