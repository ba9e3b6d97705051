import { targetParamOf } from '../request/target.js';
import type { CatalogView } from './catalog-view.js';
import { actionName, intentNameFor } from './commands.js';
import { requestRuns } from './suggestion-backtest.js';
import type { ExecutionFact, Finding, Occurrence, Skipped, Suggestion } from './types.js';
import { onTargets, targetsOf } from './words.js';
import { appendTo, editYaml, newYamlFile } from './yaml-edit.js';

// Manual work that repeats becomes catalog content: a fix done by hand again and again becomes an
// intent of its own; a step done by hand after an intent becomes a step of that intent.

const K8S_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const STEP_TIMEOUT = '60s';

/** `#12, #14`, or how many were noted locally (issue 0: `intentops incident note`). */
const issues = (os: readonly Occurrence[]) => {
  const numbers = [...new Set(os.map((o) => o.issue).filter((i): i is number => !!i))].map((i) => `#${i}`);
  const local = os.filter((o) => o.issue === 0).length;
  return [...numbers, ...(local ? [`${local} noted locally`] : [])].join(', ');
};

/** `rollout_restart`: step names are identifiers with `_`; a number keeps them unique. */
function stepNames(commands: readonly string[], taken: ReadonlySet<string> = new Set()): string[] {
  const used = new Set(taken);
  return commands.map((c, i) => {
    const base = (actionName(c) || `step-${i + 1}`).replace(/-/g, '_');
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  });
}

/** Every run already in some intent's steps, as text. */
function knownCommands(view: CatalogView): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, f] of view.intents) {
    for (const s of f.data.steps) out.set(Array.isArray(s.run) ? s.run.join(' ') : s.run, name);
  }
  return out;
}

function freeName(view: CatalogView, base: string): string {
  if (!view.intents.has(base)) return base;
  for (let i = 2; ; i++) if (!view.intents.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The pattern an existing intent gives the same param, so the new intent accepts the same values. */
function paramPattern(view: CatalogView, param: string): string {
  for (const f of view.intents.values()) {
    const p = f.data.params?.[param] as { pattern?: string } | undefined;
    if (p?.pattern) return p.pattern;
  }
  return K8S_NAME;
}

export function newIntentSuggestion(f: Finding, view: CatalogView): Suggestion | Skipped {
  const commands = f.commands ?? [];
  const known = knownCommands(view);
  const inCatalog = commands.every((c) => known.has(c)) ? known.get(commands[0] as string) : undefined;
  if (inCatalog)
    return {
      key: f.key,
      trigger: f.trigger.pattern,
      reason: `the catalog has these steps already (${inCatalog})`,
    };
  const name = freeName(view, intentNameFor(commands));
  const param = f.param ?? 'target';
  const usesParam = commands.some((c) => c.includes(`{{${param}}}`));
  const n = f.occurrences.length;
  const where = onTargets(targetsOf(f.occurrences), param);
  const intent = {
    name,
    description: `Learned from ${n} manual fixes: ${commands[0]}${commands.length > 1 ? ' …' : ''}`.slice(
      0,
      200,
    ),
    risk: 'medium',
    ...(usesParam
      ? {
          params: {
            [param]: {
              type: 'string',
              pattern: paramPattern(view, param),
              description: `the ${param} the fix was run on`,
            },
          },
        }
      : {}),
    steps: stepNames(commands).map((name, i) => ({ name, run: commands[i], timeout: STEP_TIMEOUT })),
    expected_duration: `${Math.max(60, commands.length * 30)}s`,
  };
  const path = `intents/catalog/${name}.yaml`;
  return {
    id: `new-intent-${name}-${f.key.slice(4)}`,
    trigger: f.trigger.pattern,
    action: f.trigger.action,
    title: `New intent ${name} from ${n} manual fixes`,
    rationale: `The same fix was done by hand ${n} times${where ? ` ${where}` : ''} (${issues(f.occurrences)}). As an intent it is proposed, planned, policed and recorded like any other; review the steps and the risk before merging.`,
    intent: f.intent,
    evidence: f.occurrences,
    backtest: [
      `Over the same window, each of the ${n} fixes done by hand would have been one request: planned with the commands it runs, held by the policies, run with a timeout per step and recorded.`,
    ],
    verdict: `each of the ${n} fixes done by hand would have been a reviewed, recorded request`,
    cost: `one more intent in the catalog to review and keep up to date; nothing changes for the others`,
    changes: [
      {
        path,
        before: null,
        after: newYamlFile(
          '../../schemas/catalog.schema.json',
          ` Suggested by intentops learn from ${n} /manual-fix notes (${issues(f.occurrences)}).`,
          intent,
        ),
      },
    ],
  };
}

export function stepSuggestion(
  f: Finding,
  view: CatalogView,
  executions: readonly ExecutionFact[] = [],
): Suggestion | Skipped {
  const file = f.intent ? view.intents.get(f.intent) : undefined;
  if (!file)
    return { key: f.key, trigger: f.trigger.pattern, reason: `intent ${f.intent} is not in the catalog` };
  const commands = f.commands ?? [];
  const have = new Set(file.data.steps.map((s) => (Array.isArray(s.run) ? s.run.join(' ') : s.run)));
  const missing = commands.filter((c) => !have.has(c));
  if (missing.length === 0)
    return { key: f.key, trigger: f.trigger.pattern, reason: `${file.path} has these steps already` };
  const param = targetParamOf(Object.keys(file.data.params ?? {}));
  const undeclared = missing.find((c) => /\{\{([a-z_]+)\}\}/.exec(c) && !c.includes(`{{${param}}}`));
  if (undeclared)
    return {
      key: f.key,
      trigger: f.trigger.pattern,
      reason: `"${undeclared}" names a param ${f.intent} does not declare`,
    };
  const names = stepNames(missing, new Set(file.data.steps.map((s) => s.name)));
  const steps = missing.map((run, i) => ({ name: names[i] as string, run, timeout: STEP_TIMEOUT }));
  const n = f.occurrences.length;
  const where = onTargets(targetsOf(f.occurrences), param ?? 'target');
  const runs = requestRuns(executions, f.intent as string).length;
  const comment = ` learned: done by hand after ${f.intent} ${n} times (${issues(f.occurrences)})`;
  return {
    id: f.key,
    trigger: f.trigger.pattern,
    action: f.trigger.action,
    title: `Add ${steps.length === 1 ? `step "${missing[0]}"` : `${steps.length} steps`} to ${f.intent}`,
    rationale: `After ${f.intent}, someone ran ${missing.map((c) => `\`${c}\``).join(', ')} by hand ${n} times${where ? ` ${where}` : ''} (${issues(f.occurrences)}). As a step of the intent it runs every time, with a timeout, and lands in the record.`,
    intent: f.intent,
    evidence: f.occurrences,
    ...(runs
      ? {
          backtest: [
            `Over the same window, ${n} of the ${runs} runs of ${f.intent} were followed by these commands by hand; with the step in place all ${runs} would have run them, each with a ${STEP_TIMEOUT} timeout, in their record.`,
          ],
          verdict: `would have done by itself what was done by hand after ${n} of the ${runs} runs`,
        }
      : {}),
    cost: `every ${f.intent} run runs ${steps.length} more step(s), up to ${STEP_TIMEOUT} each`,
    changes: [
      {
        path: file.path,
        before: file.text,
        after: editYaml(file.text, (doc) => {
          for (const [i, step] of steps.entries())
            appendTo(doc, ['steps'], step, i === 0 ? comment : undefined);
        }),
      },
    ],
  };
}
