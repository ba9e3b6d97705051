import { isNode, LineCounter, parse, parseDocument } from 'yaml';

// What `init --check` compares between a workflow `init` wrote and this version's template, read as
// YAML (not as text): what decides who starts a job, what its token may do and what the action is
// given. Each difference is named with its path and line. What is the user's to choose is not
// compared: names, comments, schedules' times, runners, environments, timeouts, `env:`, the
// checkout action's version, values of the action's inputs other than `command` and `repo-path`,
// and jobs or steps of their own.

export interface WorkflowDifference {
  /** Where in the workflow: `jobs.execute.steps[0].with.fetch-depth` (indices as in the user's file). */
  path: string;
  /** Line in the user's file (of the enclosing node when something is missing). */
  line: number;
  message: string;
  /** The file lacks it, has it and this version does not, or has it otherwise. */
  kind: 'missing' | 'extra' | 'changed';
  /** What the file has and what this version needs, as shown (absent: missing, or none). */
  found?: string;
  expected?: string;
}

export interface CompareOptions {
  /** `owner/name@ref` this version's intentops steps use (the expected workflow holds it). */
  uses: string;
  /** The inputs of this version's action (action.yml): any other input is named. */
  inputs?: ReadonlySet<string>;
  /** Shown in messages: "not an input of intentops <version>". */
  version: string;
}

type Obj = Record<string, unknown>;
type Path = (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asSteps = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);

export function formatPath(p: Path): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** `owner/name@ref` → [owner/name, ref]; a local `./path` has no ref. */
export function splitUses(uses: string): [string, string] {
  const at = uses.lastIndexOf('@');
  return at < 0 ? [uses, ''] : [uses.slice(0, at), uses.slice(at + 1)];
}

/** A step running intentops: it gives the action a `command`, or uses the expected repository. */
function isActionStep(step: Obj, repo?: string): boolean {
  if (typeof step.uses !== 'string') return false;
  if (repo !== undefined && splitUses(step.uses)[0] === repo) return true;
  return asObj(step.with).command !== undefined && !step.uses.startsWith('actions/');
}

/** The `uses:` of every intentops step of a workflow (to read the action repository from the user's files). */
export function actionUsesIn(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  return Object.values(asObj(asObj(doc).jobs)).flatMap((job) =>
    asSteps(asObj(job).steps)
      .filter((s) => isActionStep(s))
      .map((s) => s.uses as string),
  );
}

/** A scalar as GitHub reads it (inputs are strings); text compared line by line, trimmed. */
function norm(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'string')
    return v
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(norm);
  return v;
}

function same(e: unknown, a: unknown): boolean {
  // `workflow_dispatch:` and `workflow_dispatch: {}` say the same.
  if ((e === null || isObj(e)) && (a === null || isObj(a)) && Object.keys(asObj(e)).length === 0)
    return Object.keys(asObj(a)).length === 0;
  let [x, y] = [norm(e), norm(a)];
  // A filter of one may be written without the list; the order of a list of names means nothing.
  if (Array.isArray(x) !== Array.isArray(y)) [x, y] = [[x].flat(), [y].flat()];
  if (Array.isArray(x) && Array.isArray(y) && [...x, ...y].every((s) => typeof s === 'string'))
    [x, y] = [[...x].sort(), [...y].sort()];
  return JSON.stringify(x) === JSON.stringify(y);
}

function show(v: unknown): string {
  if (v === null) return '{}';
  if (typeof v === 'string') return /^[\w./@*${} -]+$/.test(v) && v.trim() === v ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** `${{ a && b }}` and `a && b` across lines are the same condition. */
function condition(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return String(v)
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function concurrency(v: unknown): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  const c = typeof v === 'string' ? { group: v } : asObj(v);
  return { group: c.group, 'cancel-in-progress': c['cancel-in-progress'] ?? false };
}

function triggers(on: unknown): Obj {
  if (typeof on === 'string') return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [String(e), {}]));
  return Object.fromEntries(Object.entries(asObj(on)).map(([k, v]) => [k, v ?? {}]));
}

export function compareWorkflow(
  expectedText: string,
  actualText: string,
  o: CompareOptions,
): WorkflowDifference[] {
  const lines = new LineCounter();
  const doc = parseDocument(actualText, { lineCounter: lines, prettyErrors: false });
  const out: WorkflowDifference[] = [];
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    const message = `does not parse as YAML: ${firstError.message.split('\n')[0]}`;
    return [{ path: '', line, message, kind: 'changed' }];
  }
  const lineOf = (p: Path): number => {
    for (let i = p.length; i >= 0; i--) {
      const n = doc.getIn(p.slice(0, i), true);
      if (isNode(n) && n.range) return lines.linePos(n.range[0]).line;
    }
    return 1;
  };
  const add = (p: Path, message: string, found?: unknown, expected?: unknown) =>
    out.push({
      path: formatPath(p),
      line: lineOf(p),
      message,
      kind: found === undefined ? 'missing' : expected === undefined ? 'extra' : 'changed',
      ...(found === undefined ? {} : { found: show(found) }),
      ...(expected === undefined ? {} : { expected: show(expected) }),
    });
  const deep = (p: Path, e: unknown, a: unknown): void => {
    if (isObj(e) && isObj(a)) {
      for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) deep([...p, k], e[k], a[k]);
      return;
    }
    if (same(e, a)) return;
    if (a === undefined) add(p, `missing, this version needs ${show(e)}`, a, e);
    else if (e === undefined) add(p, `${show(a)}, this version has none`, a, e);
    else add(p, `${show(a)}, this version needs ${show(e)}`, a, e);
  };

  const expected = asObj(parse(expectedText));
  const actual = asObj(doc.toJS());

  // Triggers: the events and their filters; a schedule's times are the user's.
  if (actual.on === undefined)
    add(['on'], `missing, this version needs ${show(Object.keys(triggers(expected.on)))}`);
  else {
    const [e, a] = [triggers(expected.on), triggers(actual.on)];
    for (const ev of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!(ev in a)) add(['on', ev], `missing, this version starts on ${ev}`, undefined, e[ev]);
      else if (!(ev in e)) add(['on', ev], `${ev} starts this workflow, this version's does not`, a[ev]);
      else if (ev !== 'schedule') deep(['on', ev], e[ev], a[ev]);
    }
  }
  deep(['permissions'], expected.permissions, actual.permissions);
  deep(['concurrency'], concurrency(expected.concurrency), concurrency(actual.concurrency));

  const [uRepo, uRef] = splitUses(o.uses);
  const jobs = asObj(actual.jobs);
  for (const [name, ej] of Object.entries(asObj(expected.jobs)).map(([k, v]) => [k, asObj(v)] as const)) {
    if (!isObj(jobs[name])) {
      add(['jobs', name], 'missing, this version has this job', undefined, ej);
      continue;
    }
    const aj = jobs[name];
    const jp: Path = ['jobs', name];
    const [ec, ac] = [condition(ej.if), condition(aj.if)];
    if (ec !== ac)
      add(
        [...jp, 'if'],
        ac === undefined
          ? `missing, this version needs: ${ec}`
          : `${ac}; this version needs: ${ec ?? 'none'}`,
        ac,
        ec,
      );
    deep([...jp, 'permissions'], ej.permissions, aj.permissions);
    deep([...jp, 'concurrency'], concurrency(ej.concurrency), concurrency(aj.concurrency));

    const eSteps = asSteps(ej.steps);
    const aSteps = asSteps(aj.steps);
    // Checkout steps, in order: their options decide what the job's token and history are.
    const checkout = (s: Obj) => typeof s.uses === 'string' && s.uses.startsWith('actions/checkout@');
    const aCheckouts = aSteps.flatMap((s, i) => (checkout(s) ? [i] : []));
    eSteps.filter(checkout).forEach((es, k) => {
      const ai = aCheckouts[k];
      if (ai === undefined)
        add([...jp, 'steps'], `no actions/checkout step #${k + 1}, this version has one`, undefined, es);
      else deep([...jp, 'steps', ai, 'with'], asObj(es.with), asObj(aSteps[ai]?.with));
    });
    // The action's steps, matched by the command they run.
    const used = new Set<number>();
    for (const es of eSteps.filter((s) => s.uses === o.uses)) {
      const ew = asObj(es.with);
      const ai = aSteps.findIndex(
        (s, i) => !used.has(i) && isActionStep(s, uRepo) && same(asObj(s.with).command, ew.command),
      );
      if (ai < 0) {
        add(
          [...jp, 'steps'],
          `no step runs the action's command ${show(ew.command)}, this version has one`,
          undefined,
          es,
        );
        continue;
      }
      used.add(ai);
      const as = aSteps[ai] as Obj;
      const sp: Path = [...jp, 'steps', ai];
      const [repo, ref] = splitUses(String(as.uses));
      const major = (r: string) => /^v(\d+)(?:\.|$)/.exec(r)?.[1];
      // A commit or branch pin is the user's choice; a release tag of another major is not this version.
      if (repo !== uRepo || (major(ref) !== undefined && major(ref) !== major(uRef)))
        add([...sp, 'uses'], `${as.uses}, this version needs ${o.uses}`, as.uses, o.uses);
      const aw = asObj(as.with);
      for (const k of Object.keys(ew)) {
        if (aw[k] === undefined)
          add([...sp, 'with', k], `missing, this version needs ${show(ew[k])}`, undefined, ew[k]);
        else if ((k === 'command' || k === 'repo-path') && !same(ew[k], aw[k]))
          add([...sp, 'with', k], `${show(aw[k])}, this version needs ${show(ew[k])}`, aw[k], ew[k]);
      }
      for (const k of Object.keys(aw))
        if (o.inputs && !o.inputs.has(k))
          add([...sp, 'with', k], `not an input of intentops ${o.version}'s action`, aw[k]);
    }
  }
  return out;
}
