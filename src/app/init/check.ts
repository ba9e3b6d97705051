import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  actionRef,
  exampleNotNeeded,
  packageRoot,
  render,
  type ScaffoldOptions,
  scaffoldFiles,
} from './scaffold.js';
import { TemplateStore } from './template-store.js';
import { actionUsesIn, compareWorkflow, splitUses, type WorkflowDifference } from './workflow-compare.js';

// `intentops init --check`: what a repository lacks, and where its workflows differ from what this
// version needs (./workflow-compare.ts), each difference named with file, line and path. Schemas
// must be this version's; examples only need to exist.

export interface FileDifference extends WorkflowDifference {
  file: string;
}

export interface CheckResult {
  missing: string[];
  outOfDate: string[];
  differences: FileDifference[];
}

export interface CheckOptions extends ScaffoldOptions {
  /** The action repository was given (`--action-repo`): every workflow must use it. */
  actionRepoGiven: boolean;
}

/** The inputs this version's action takes (action.yml). */
export async function actionInputs(): Promise<Set<string>> {
  const text = await readFile(join(packageRoot(), 'action.yml'), 'utf8');
  return new Set(Object.keys((parse(text) as { inputs?: Record<string, unknown> }).inputs ?? {}));
}

/**
 * The action repository one workflow should use: the one given, else the one the file itself
 * uses (a fork stays a fork), else the repository's.
 */
export function repoFor(text: string, o: CheckOptions): string {
  if (o.actionRepoGiven) return o.actionRepo;
  const own = actionUsesIn(text)[0];
  return own === undefined ? o.actionRepo : splitUses(own)[0];
}

/** This version's workflow as a file would have it, and the differences of the file from it. */
export async function workflowDifferences(
  path: string,
  text: string,
  o: CheckOptions & { inputs: ReadonlySet<string> },
): Promise<WorkflowDifference[]> {
  const raw = await new TemplateStore(packageRoot()).current(path);
  if (raw === undefined) return [];
  const uses = actionRef({ actionRepo: repoFor(text, o), version: o.version });
  const expected = render(raw, { uses, start: '' });
  return compareWorkflow(expected, text, { uses, inputs: o.inputs, version: o.version });
}

export async function checkRepo(repoDir: string, o: CheckOptions): Promise<CheckResult> {
  const res: CheckResult = { missing: [], outOfDate: [], differences: [] };
  const inputs = await actionInputs();
  for (const f of await scaffoldFiles(o)) {
    const have = await readFile(join(repoDir, f.path), 'utf8').catch(() => undefined);
    if (have === undefined) {
      // Examples of a kind the repository already has (another catalog intent, its own request)
      // are not missing: only the folders and the settings files are required.
      if (f.kind !== 'example' || !(await exampleNotNeeded(repoDir, f.path))) res.missing.push(f.path);
      continue;
    }
    if (f.kind === 'schema' && have !== f.text) {
      res.outOfDate.push(f.path);
      res.differences.push({
        file: f.path,
        path: '',
        line: 1,
        message: "differs from this version's schema",
        kind: 'changed',
      });
    }
    if (f.kind === 'workflow') {
      const diffs = await workflowDifferences(f.path, have, { ...o, inputs });
      if (diffs.length > 0) res.outOfDate.push(f.path);
      res.differences.push(...diffs.map((d) => ({ file: f.path, ...d })));
    }
  }
  return res;
}
