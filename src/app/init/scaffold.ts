import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// `intentops init`: the files a GitOps repository needs, from the templates shipped in the package
// (templates/gitops/, schemas/). It adds what is missing and never overwrites a file; `check` says
// what is missing or out of date without writing.

export class TemplatesNotFoundError extends Error {
  override readonly name = 'TemplatesNotFoundError';
}

export interface ScaffoldOptions {
  /** owner/name of the action the workflows use (default intentops/intentops). */
  actionRepo: string;
  /** The CLI's version: the workflows pin the major tag v<major>. */
  version: string;
  now: Date;
}

export interface ScaffoldFile {
  path: string;
  text: string;
  /** Out of date when it differs (schemas, workflows); examples only need to exist. */
  kind: 'example' | 'schema' | 'workflow';
}

export type FileState = 'missing' | 'out-of-date' | 'current';

/** The package root: the folder holding templates/gitops (two levels above src/app/init, one above dist). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'templates', 'gitops'))) return dir;
    dir = dirname(dir);
  }
  throw new TemplatesNotFoundError(
    `templates/gitops not found above ${fileURLToPath(import.meta.url)}: is the package complete?`,
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** `uses: owner/intentops@v0`: the major tag of the running version. */
export function actionRef(o: Pick<ScaffoldOptions, 'actionRepo' | 'version'>): string {
  const major = /^(\d+)\./.exec(o.version)?.[1];
  if (!major) throw new Error(`version '${o.version}' is not a semantic version`);
  return `${o.actionRepo}@v${major}`;
}

export async function scaffoldFiles(o: ScaffoldOptions): Promise<ScaffoldFile[]> {
  const root = packageRoot();
  const tpl = join(root, 'templates', 'gitops');
  const uses = actionRef(o);
  // Seconds precision, UTC: the reconcile's start point (intents/execute.yaml).
  const start = `${o.now.toISOString().slice(0, 19)}Z`;
  const out: ScaffoldFile[] = [];
  for (const rel of await listFiles(tpl)) {
    const text = (await readFile(join(tpl, rel), 'utf8'))
      .replaceAll('__INTENTOPS_ACTION__', uses)
      .replaceAll('__INTENTOPS_START__', start);
    out.push({ path: rel, text, kind: rel.startsWith('.github/') ? 'workflow' : 'example' });
  }
  for (const rel of await listFiles(join(root, 'schemas'))) {
    if (!rel.endsWith('.schema.json')) continue;
    out.push({
      path: `schemas/${rel}`,
      text: await readFile(join(root, 'schemas', rel), 'utf8'),
      kind: 'schema',
    });
  }
  return out;
}

/** A workflow is current when it pins the same action ref; its other lines are the user's to edit. */
function workflowRefs(text: string): string[] {
  return [...text.matchAll(/uses:\s*['"]?([^\s'"#]*intentops[^\s'"#]*)/g)].map((m) => m[1] as string).sort();
}

export async function fileState(repoDir: string, f: ScaffoldFile): Promise<FileState> {
  const have = await readFile(join(repoDir, f.path), 'utf8').catch(() => undefined);
  if (have === undefined) return 'missing';
  if (f.kind === 'schema') return have === f.text ? 'current' : 'out-of-date';
  if (f.kind === 'workflow') {
    return JSON.stringify(workflowRefs(have)) === JSON.stringify(workflowRefs(f.text))
      ? 'current'
      : 'out-of-date';
  }
  return 'current';
}

export interface InitResult {
  written: string[];
  /** Present already: left as they are. */
  kept: string[];
}

export async function initRepo(repoDir: string, o: ScaffoldOptions): Promise<InitResult> {
  const res: InitResult = { written: [], kept: [] };
  for (const f of await scaffoldFiles(o)) {
    const target = join(repoDir, f.path);
    await mkdir(dirname(target), { recursive: true });
    // 'wx': create only; an existing file (even one created since the check) is never replaced.
    const wrote = await writeFile(target, f.text, { flag: 'wx' }).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') return false;
        throw err;
      },
    );
    (wrote ? res.written : res.kept).push(f.path);
  }
  return res;
}

export interface CheckResult {
  missing: string[];
  outOfDate: string[];
}

export async function checkRepo(repoDir: string, o: ScaffoldOptions): Promise<CheckResult> {
  const res: CheckResult = { missing: [], outOfDate: [] };
  for (const f of await scaffoldFiles(o)) {
    // Examples of a kind the repository already has (another catalog intent, its own request) are
    // not missing: only the folders and the settings files are required.
    if (f.kind === 'example' && (await hasSibling(repoDir, f.path))) continue;
    const state = await fileState(repoDir, f);
    if (state === 'missing') res.missing.push(f.path);
    else if (state === 'out-of-date') res.outOfDate.push(f.path);
  }
  return res;
}

/** intents/catalog/x.yaml is satisfied by any YAML in intents/catalog/ (requests: the folder existing). */
async function hasSibling(repoDir: string, path: string): Promise<boolean> {
  const dir = dirname(path);
  if (dir === 'intents') return false;
  if (dir === 'intents/requests') return existsSync(join(repoDir, dir));
  const names = await readdir(join(repoDir, dir)).catch(() => [] as string[]);
  return names.some((n) => n.endsWith('.yaml') || n.endsWith('.yml'));
}
