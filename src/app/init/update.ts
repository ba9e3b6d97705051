import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { mergeFile } from '../../adapters/git-merge-file.js';
import { actionInputs, type CheckOptions, repoFor, workflowDifferences } from './check.js';
import { mergeByJob } from './merge-by-job.js';
import {
  exampleNotNeeded,
  packageRoot,
  render,
  type ScaffoldFile,
  scaffoldFiles,
  startOf,
} from './scaffold.js';
import { readHeader, stripHeader, templateHash, withHeader } from './template-header.js';
import { TemplateStore } from './template-store.js';
import type { WorkflowDifference } from './workflow-compare.js';

// `intentops init --update`: every file `init` writes brought to this version's template by a
// three-way merge (git merge-file): base = the template of the version that wrote the file (its
// header line, ./template-store.ts), ours = the file as it is, theirs = this version's template.
// The user's lines and comments stay; where they and the template changed the same lines, both are
// kept between conflict markers and the command exits 1. Plan, then apply: planUpdate computes every
// file's new text, applyUpdate writes them.
// Not updated: request files (a merged request is history), examples the repository does without
// (./scaffold.ts exampleNotNeeded), and a schema that differs from every schema intentops wrote.

export type UpdateStatus = 'added' | 'updated' | 'current' | 'conflict' | 'edited';

export interface FileUpdate {
  path: string;
  status: UpdateStatus;
  /** The version whose template was the base ('unknown' when none was found: every difference is a conflict). */
  from?: string;
  /** Conflicting hunks left in the file, and the lines where they start. */
  conflicts?: { count: number; lines: number[] };
  /** Lines the update adds and removes. */
  added: number;
  removed: number;
  /** Workflows: differences from what this version needs that the update resolved. */
  resolved: WorkflowDifference[];
  /** The file's new text (absent: left as it is). */
  text?: string;
  note?: string;
}

const MARKER = /^(<<<<<<<|>>>>>>>) /m;

/** Lines of b not in a, and of a not in b (a longest common subsequence; the files are small). */
export function lineChanges(a: string, b: string): { added: number; removed: number } {
  const x = a.split('\n');
  const y = b.split('\n');
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const row = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++)
      row[j] =
        x[i - 1] === y[j - 1]
          ? (prev[j - 1] as number) + 1
          : Math.max(prev[j] as number, row[j - 1] as number);
    prev = row;
  }
  const common = prev[y.length] as number;
  return { added: y.length - common, removed: x.length - common };
}

function conflictLines(text: string): number[] {
  return text.split('\n').flatMap((l, i) => (l.startsWith('<<<<<<< ') ? [i + 1] : []));
}

/** intents/execute.yaml's start as the file has it: base and theirs get the same, so it never conflicts. */
function startIn(text: string, now: Date): string {
  try {
    const start = (parse(text) as { start?: unknown } | null)?.start;
    if (typeof start === 'string') return start;
  } catch {}
  return startOf(now);
}

const majorOf = (version: string) => /^(\d+)\./.exec(version)?.[1] ?? '0';

async function planTemplate(
  f: ScaffoldFile,
  have: string,
  o: CheckOptions,
  store: TemplateStore,
): Promise<FileUpdate> {
  const unchanged = { path: f.path, added: 0, removed: 0, resolved: [] };
  const raw = (await store.current(f.path)) as string;
  const header = readHeader(have);
  const base = await store.base(f.path, header);
  const from = base?.version ?? header?.version ?? 'unknown';
  if (MARKER.test(have))
    return {
      ...unchanged,
      status: 'conflict',
      from,
      conflicts: { count: 0, lines: conflictLines(have) },
      note: 'conflict markers left from an earlier update',
    };
  const ours = stripHeader(have);
  const start = startIn(ours, o.now);
  // The action repository: the file's own (a fork stays a fork) unless --action-repo names another.
  const own = repoFor(have, { ...o, actionRepoGiven: false });
  const theirs = render(raw, {
    uses: `${o.actionRepoGiven ? o.actionRepo : own}@v${majorOf(o.version)}`,
    start,
  });
  const baseText = base ? render(base.raw, { uses: `${own}@v${majorOf(base.version)}`, start }) : '';
  const labels = {
    ours: `${f.path} (yours)`,
    base: `${f.path} (intentops ${from} template)`,
    theirs: `${f.path} (intentops ${o.version} template)`,
  };
  const merge = (x: string, y: string, z: string) => mergeFile({ ours: x, base: y, theirs: z, labels });
  const merged =
    ours === theirs || (base && baseText === theirs)
      ? { text: ours, conflicts: 0 }
      : f.kind === 'workflow'
        ? await mergeByJob(ours, baseText, theirs, merge)
        : await merge(ours, baseText, theirs);
  const text = withHeader(merged.text, { version: o.version, hash: templateHash(raw) });
  const changes = lineChanges(ours, merged.text);
  const status: UpdateStatus =
    merged.conflicts > 0 ? 'conflict' : merged.text === ours ? 'current' : 'updated';
  const resolved =
    f.kind === 'workflow' && status === 'updated' ? await resolvedDifferences(f.path, have, text, o) : [];
  return {
    path: f.path,
    status,
    from,
    ...(merged.conflicts > 0 ? { conflicts: { count: merged.conflicts, lines: conflictLines(text) } } : {}),
    ...changes,
    resolved,
    ...(text === have ? {} : { text }),
    ...(status === 'current' && text !== have ? { note: `header: written by intentops ${o.version}` } : {}),
    ...(base || status === 'current'
      ? {}
      : { note: 'no template of the version that wrote it: every difference is left as a conflict' }),
  };
}

async function resolvedDifferences(path: string, before: string, after: string, o: CheckOptions) {
  const inputs = await actionInputs();
  const key = (d: WorkflowDifference) => `${d.path}\0${d.message}`;
  const still = new Set((await workflowDifferences(path, after, { ...o, inputs })).map(key));
  return (await workflowDifferences(path, before, { ...o, inputs })).filter((d) => !still.has(key(d)));
}

export async function planUpdate(repoDir: string, o: CheckOptions): Promise<FileUpdate[]> {
  const store = new TemplateStore(packageRoot());
  const out: FileUpdate[] = [];
  for (const f of await scaffoldFiles(o)) {
    if (f.path.startsWith('intents/requests/')) continue;
    const have = await readFile(join(repoDir, f.path), 'utf8').catch(() => undefined);
    const none = { path: f.path, added: 0, removed: 0, resolved: [] };
    if (have === undefined) {
      if (f.kind === 'example' && (await exampleNotNeeded(repoDir, f.path))) continue;
      out.push({ ...none, status: 'added', added: f.text.split('\n').length - 1, text: f.text });
    } else if (f.kind === 'schema') {
      if (have === f.text) out.push({ ...none, status: 'current' });
      else if (await store.knownSchema(basename(f.path), have))
        out.push({ ...none, status: 'updated', ...lineChanges(have, f.text), text: f.text });
      else
        out.push({
          ...none,
          status: 'edited',
          note: 'differs from every schema intentops wrote: not replaced',
        });
    } else out.push(await planTemplate(f, have, o, store));
  }
  return out;
}

export async function applyUpdate(repoDir: string, plan: readonly FileUpdate[]): Promise<void> {
  for (const u of plan) {
    if (u.text === undefined) continue;
    const target = join(repoDir, u.path);
    await mkdir(dirname(target), { recursive: true });
    // An added file is created only: one made since the plan is never replaced.
    await writeFile(target, u.text, u.status === 'added' ? { flag: 'wx' } : {});
  }
}

export async function updateRepo(repoDir: string, o: CheckOptions): Promise<FileUpdate[]> {
  const plan = await planUpdate(repoDir, o);
  await applyUpdate(repoDir, plan);
  return plan;
}
