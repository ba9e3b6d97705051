import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { KubeObject, ManifestDryRun } from '../../adapters/kubernetes-dry-run.js';
import type { ProcessResult, ProcessSpec } from '../../adapters/process-runner.js';
import type { Redactor } from '../../adapters/redactor.js';
import { type ApplySource, applySources, hasPreviews } from '../../domain/plan/manifest-apply.js';
import {
  diffText,
  type ManifestObject,
  manifestObjects,
  objectLabel,
} from '../../domain/plan/manifest-objects.js';
import type { Plan } from '../../domain/plan/plan.js';
import { kustomizedPaths, previewCommandFinding } from '../../domain/plan/preview-commands.js';
import { unifiedDiff } from '../../domain/plan/unified-diff.js';
import { stepEnv } from '../shared/step-env.js';
import { kustomizeRefusal } from './kustomize-remotes.js';

// The previews of each planned request: the intent's `preview:` commands, and the built-in
// server-side dry-run diff of every step that applies manifests from the repository. The manifests
// are the pull request's, read as data (parsed here, or built by `kubectl kustomize`, which runs no
// plugin unless told to); the cluster is asked with `dryRun=All` only. Every text is redacted
// before it is kept: it goes into a public comment.

export interface PreviewOutput {
  /** `preview '<name>'`, or `dry-run of step '<name>' (kubectl apply -k apps/web)`. */
  title: string;
  kind: 'command' | 'dry-run';
  /** The output (a unified diff for a dry-run), redacted; may be long: the comment cuts it. */
  text: string;
  /** Why the preview was not made, or failed; absent when it ran. */
  problem?: string;
}

export interface PreviewOptions {
  /** The pull request's checkout, read as data. */
  repoDir: string;
  /** The cluster, with the read-only credentials; without it, only what needs no cluster runs. */
  cluster?: ManifestDryRun;
  /** Why there is no cluster (the preview says it). */
  noCluster?: string;
  runProcess: (spec: ProcessSpec) => Promise<ProcessResult>;
  /** intentops' environment: a preview gets the steps' base set of it (shared/step-env.ts). */
  env: Record<string, string | undefined>;
  redactor: Redactor;
  /** Per API call; default 10 s. */
  timeoutMs?: number;
  /** Requests previewed at once; default 4. */
  concurrency?: number;
}

const OUTPUT_BYTES = 1024 * 1024;

/**
 * The steps' environment for a preview, with only absolute PATH entries: an empty or relative one
 * would find a program in the pull request's checkout, where previews run.
 */
function previewEnv(plan: Plan, host: Record<string, string | undefined>): Record<string, string> {
  const env = stepEnv(plan, {}, host);
  if (env.PATH !== undefined)
    env.PATH = env.PATH.split(':')
      .filter((p) => p.startsWith('/'))
      .join(':');
  return env;
}

async function pool<T>(items: readonly T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** The output of a finished process as one text, and why it failed if it did. */
function outcome(res: ProcessResult): { text: string; problem?: string } {
  const text = [res.stdout, res.stderr].filter(Boolean).join(res.stdout.endsWith('\n') ? '' : '\n');
  if (res.error) return { text, problem: res.error };
  if (res.timedOut) return { text, problem: 'cut off at its timeout' };
  if (res.exitCode !== 0) return { text, problem: `exit code ${res.exitCode ?? res.signal}` };
  return { text };
}

/** Manifest files under `abs` (a file, or a folder's .yaml/.yml/.json files; subfolders with -R). */
async function manifestFiles(abs: string, recursive: boolean): Promise<string[]> {
  if (!(await stat(abs)).isDirectory()) return [abs];
  const entries = await readdir(abs, { withFileTypes: true, recursive });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

interface Built {
  objects: ManifestObject[];
  problems: string[];
  /** Why nothing could be read at all. */
  notMade?: string;
}

async function buildManifests(src: ApplySource, plan: Plan, o: PreviewOptions, root: string): Promise<Built> {
  const abs = join(o.repoDir, src.path);
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    return { objects: [], problems: [], notMade: `${src.path} does not exist in the pull request` };
  }
  // A symbolic link in the pull request must not lead the preview out of it.
  if (real !== root && !real.startsWith(`${root}${sep}`))
    return { objects: [], problems: [], notMade: `${src.path} leads outside the repository` };
  if (src.kind === 'kustomize') {
    const refused = await kustomizeRefusal(root, src.path);
    if (refused) return { objects: [], problems: [], notMade: refused };
    const res = await o.runProcess({
      command: ['kubectl', 'kustomize', src.path],
      cwd: o.repoDir,
      env: previewEnv(plan, o.env),
      inheritEnv: false,
      timeoutMs: 60_000,
      tailBytes: 8 * OUTPUT_BYTES,
      scrub: o.redactor.literals,
    });
    if (res.error?.startsWith('command not found'))
      return {
        objects: [],
        problems: [],
        notMade: 'kubectl is not on the runner, and the kustomization needs `kubectl kustomize` to be built',
      };
    const done = outcome(res);
    if (done.problem)
      return {
        objects: [],
        problems: [],
        notMade: `kubectl kustomize ${src.path} failed (${done.problem}): ${(await o.redactor.redactText(res.stderr)).trim().slice(0, 500)}`,
      };
    return manifestObjects(res.stdout, `kubectl kustomize ${src.path}`);
  }
  const objects: ManifestObject[] = [];
  const problems: string[] = [];
  for (const file of await manifestFiles(real, src.recursive)) {
    const rel = relative(root, file).split(sep).join('/');
    const parsed = manifestObjects(await readFile(file, 'utf8'), rel);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  return { objects, problems };
}

/** The diff of one object: live → what a server-side apply would store; Secrets never. */
async function objectDiff(obj: ManifestObject, cluster: ManifestDryRun, timeoutMs: number): Promise<string> {
  const what = objectLabel(obj);
  if (obj.kind === 'Secret') return `# ${what}: not shown (a Secret's data is never previewed)`;
  try {
    const k = obj as KubeObject;
    const [live, dry] = await Promise.all([
      cluster.live(k, { timeoutMs }),
      cluster.dryRunApply(k, { timeoutMs }),
    ]);
    const diff = unifiedDiff(
      diffText(live),
      diffText(dry),
      live ? `${what} (live)` : `${what} (new)`,
      `${what} (after apply)`,
    );
    return diff || `# ${what}: no change`;
  } catch (err) {
    return `# ${what}: the dry-run failed — ${(err as Error).message}`;
  }
}

async function dryRunPreview(
  src: ApplySource,
  plan: Plan,
  o: PreviewOptions,
  root: string,
): Promise<PreviewOutput> {
  const title = `dry-run of step '${src.step}' (kubectl apply ${src.kind === 'kustomize' ? '-k' : '-f'} ${src.path})`;
  if (!o.cluster)
    return {
      title,
      kind: 'dry-run',
      text: '',
      problem: `not made: the cluster was not read — ${o.noCluster ?? 'no credentials'}`,
    };
  const built = await buildManifests(src, plan, o, root);
  if (built.notMade) return { title, kind: 'dry-run', text: '', problem: `not made: ${built.notMade}` };
  const objects = built.objects.map((obj) =>
    src.namespace && !obj.metadata.namespace
      ? { ...obj, metadata: { ...obj.metadata, namespace: src.namespace } }
      : obj,
  );
  const parts = [...built.problems.map((p) => `# ${p}`)];
  const timeoutMs = o.timeoutMs ?? 10_000;
  // One object after another per preview: a kustomization of 50 objects is 100 calls, not a burst.
  for (const obj of objects) parts.push(await objectDiff(obj, o.cluster, timeoutMs));
  if (objects.length === 0) parts.push('# no object in these manifests');
  return { title, kind: 'dry-run', text: await o.redactor.redactText(parts.join('\n')) };
}

async function commandPreview(
  p: NonNullable<Plan['previews']>[number],
  plan: Plan,
  o: PreviewOptions,
): Promise<PreviewOutput> {
  const title = `preview '${p.name}'`;
  // Checked again as rendered: validate saw the template, this is what would run. Any finding,
  // a warning too, keeps it from running: here is the pull request's checkout, or the user's own
  // kubeconfig for `intentops plan` and MCP (whose plan_intent is read-only by this check).
  const finding = previewCommandFinding(p.command);
  if (finding) return { title, kind: 'command', text: '', problem: `not run: ${finding.message}` };
  // A kustomization the command builds fetches no remote either (kustomize-remotes.ts).
  const root = await realpath(o.repoDir);
  for (const path of typeof p.command === 'string' ? [] : kustomizedPaths(p.command)) {
    const refused = await kustomizeRefusal(root, path);
    if (refused) return { title, kind: 'command', text: '', problem: `not run: ${refused}` };
  }
  const res = await o.runProcess({
    command: p.command,
    cwd: o.repoDir,
    env: previewEnv(plan, o.env),
    inheritEnv: false,
    timeoutMs: p.timeoutMs,
    tailBytes: OUTPUT_BYTES,
    scrub: o.redactor.literals,
  });
  const done = outcome(res);
  return {
    title,
    kind: 'command',
    text: await o.redactor.redactText(done.text),
    ...(done.problem ? { problem: done.problem } : {}),
  };
}

/** The previews of each planned request that has any, by request path. */
export async function runPreviews(
  requests: readonly { path: string; plan?: Plan }[],
  o: PreviewOptions,
): Promise<Record<string, PreviewOutput[]>> {
  const root = await realpath(o.repoDir);
  const byPath: Record<string, PreviewOutput[]> = {};
  const planned = requests.filter((r): r is { path: string; plan: Plan } => hasPreviews(r.plan));
  await pool(planned, o.concurrency ?? 4, async ({ path, plan }) => {
    const out: PreviewOutput[] = [];
    for (const src of applySources(plan.steps)) {
      if ('skipped' in src)
        out.push({
          title: `dry-run of step '${src.step}'`,
          kind: 'dry-run',
          text: '',
          problem: `not made: ${src.skipped}`,
        });
      else out.push(await dryRunPreview(src, plan, o, root));
    }
    for (const p of plan.previews ?? []) out.push(await commandPreview(p, plan, o));
    byPath[path] = out;
  });
  return byPath;
}
