import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateHash, withHeader } from './template-header.js';
import { actionUsesIn, splitUses } from './workflow-compare.js';

// `intentops init`: the files a GitOps repository needs, from the templates shipped in the package
// (templates/gitops/, schemas/). It adds what is missing and never overwrites a file. Each YAML file
// it writes starts with a line naming the version and template that wrote it (./template-header.ts):
// `init --check` (./check.ts) compares the workflows with this version's, `init --update`
// (./update.ts) merges this version's changes into them.

export class TemplatesNotFoundError extends Error {
  override readonly name = 'TemplatesNotFoundError';
}

export const DEFAULT_ACTION_REPO = 'intentops/intentops';

export interface ScaffoldOptions {
  /** owner/name of the action the workflows use. */
  actionRepo: string;
  /** The CLI's version (`0.2.0`, `0.2.0+<commit>`): the workflows pin the major tag v<major>. */
  version: string;
  now: Date;
}

export interface ScaffoldFile {
  path: string;
  text: string;
  /** Out of date when it differs (schemas, workflows); examples only need to exist. */
  kind: 'example' | 'schema' | 'workflow';
}

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

/** The paths (in a GitOps repository) of this version's templates. */
export function templatePaths(): Promise<string[]> {
  return listFiles(join(packageRoot(), 'templates', 'gitops'));
}

export const kindOf = (path: string): ScaffoldFile['kind'] =>
  path.startsWith('.github/') ? 'workflow' : path.startsWith('schemas/') ? 'schema' : 'example';

/** `uses: owner/intentops@v0`: the major tag of the running version. */
export function actionRef(o: Pick<ScaffoldOptions, 'actionRepo' | 'version'>): string {
  const major = /^(\d+)\./.exec(o.version)?.[1];
  if (!major) throw new Error(`version '${o.version}' is not a semantic version`);
  return `${o.actionRepo}@v${major}`;
}

/** A template with its placeholders filled: the action's `uses:`, and the reconcile's start. */
export function render(raw: string, o: { uses: string; start: string }): string {
  return raw.replaceAll('__INTENTOPS_ACTION__', o.uses).replaceAll('__INTENTOPS_START__', o.start);
}

/** Seconds precision, UTC: the reconcile's start point (intents/execute.yaml). */
export const startOf = (now: Date): string => `${now.toISOString().slice(0, 19)}Z`;

export async function scaffoldFiles(o: ScaffoldOptions): Promise<ScaffoldFile[]> {
  const root = packageRoot();
  const tpl = join(root, 'templates', 'gitops');
  const uses = actionRef(o);
  const start = startOf(o.now);
  const out: ScaffoldFile[] = [];
  for (const rel of await listFiles(tpl)) {
    const raw = await readFile(join(tpl, rel), 'utf8');
    const text = withHeader(render(raw, { uses, start }), { version: o.version, hash: templateHash(raw) });
    out.push({ path: rel, text, kind: kindOf(rel) });
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

/**
 * The action repository the repository's intentops workflows use (the most used one), read from
 * the files `init` writes: a fork or a mirror stays what it is.
 */
export async function actionRepoIn(repoDir: string): Promise<string | undefined> {
  const counts = new Map<string, number>();
  for (const rel of (await templatePaths()).filter((p) => kindOf(p) === 'workflow')) {
    const text = await readFile(join(repoDir, rel), 'utf8').catch(() => undefined);
    for (const uses of text === undefined ? [] : actionUsesIn(text)) {
      const repo = splitUses(uses)[0];
      counts.set(repo, (counts.get(repo) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
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

/**
 * An example a repository does not need: intents/catalog/x.yaml when intents/catalog/ holds other
 * YAML (the repository has its own), the example request once intents/requests/ exists.
 * intents/*.yaml (settings) are always needed.
 */
export async function exampleNotNeeded(repoDir: string, path: string): Promise<boolean> {
  const dir = dirname(path);
  if (dir === 'intents') return false;
  if (dir === 'intents/requests') return existsSync(join(repoDir, dir));
  const names = await readdir(join(repoDir, dir)).catch(() => [] as string[]);
  return names.some((n) => n.endsWith('.yaml') || n.endsWith('.yml'));
}
