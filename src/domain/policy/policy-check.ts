import { durationSeconds } from '../schemas/common.js';
import type { Policy, PolicyFile } from '../schemas/policy.js';
import { type CronSchedule, CronSyntaxError, withCron } from './cron.js';

// Checks on a schema-valid policy file that the schema cannot make: cron expressions croner
// rejects or that never fire, windows that never close, proposer lists that match nobody, param
// allowlists for params the matched intents do not have. Time zones, freeze order and zero
// durations are already refused by the schema (src/domain/schemas/policy.ts).

export interface PolicyProblem {
  path: (string | number)[];
  message: string;
  severity: 'error' | 'warning';
}

/** What the checks need to know of a catalog intent. */
export interface IntentSummary {
  name: string;
  risk: 'low' | 'medium' | 'high';
  params: readonly string[];
}

export interface PolicyCheckContext {
  /** Where window checks start looking; validation passes its injected clock. */
  now: Date;
  /** The catalog's intents; params allowlists are checked only when given. */
  intents?: readonly IntentSummary[];
}

type Window = NonNullable<Policy['windows']>[number];

const DAY_MS = 86_400_000;
/** How far ahead "never closes" is proven: past weekly and most monthly patterns. */
const HORIZON_MS = 35 * DAY_MS;
/** Jumps before giving up on a dense cron with a short window (then no warning: unproven). */
const MAX_JUMPS = 1000;

/**
 * Whether some start lies at or before the end of every open period over the horizon, i.e. a new
 * window always opens before the last one closes. undefined when the jump budget runs out.
 */
function neverCloses(s: CronSchedule, now: Date, durationMs: number): boolean | undefined {
  const first = s.prev(now);
  if (first === null) return false;
  let start = first.getTime();
  const end = now.getTime() + Math.max(HORIZON_MS, 3 * durationMs);
  for (let jumps = 0; start < end; jumps++) {
    if (jumps >= MAX_JUMPS) return undefined;
    // The latest start no later than the moment this window closes.
    const next: number | undefined = s.prev(new Date(start + durationMs + 1))?.getTime();
    if (next === undefined || next <= start) return false;
    start = next;
  }
  return true;
}

/** What a window's cron amounts to over the horizon. */
type WindowShape = 'never-fires' | 'never-closes' | 'opens-and-closes';

function checkWindow(w: Window, path: (string | number)[], now: Date): PolicyProblem[] {
  const durationMs = durationSeconds(w.duration) * 1000;
  let shape: WindowShape;
  try {
    shape = withCron(w.cron, w.timezone, (s): WindowShape => {
      // An expression with no occurrence either way, such as 31 February, never opens a window.
      if (s.next(now) === null && s.prev(now) === null) return 'never-fires';
      // Unproven (the jump budget ran out) counts as closing: no warning on a guess.
      return neverCloses(s, now, durationMs) === true ? 'never-closes' : 'opens-and-closes';
    });
  } catch (err) {
    if (!(err instanceof CronSyntaxError)) throw err;
    return [
      {
        path: [...path, 'cron'],
        message: `invalid cron expression '${w.cron}': ${err.message}`,
        severity: 'error',
      },
    ];
  }
  if (shape === 'never-fires')
    return [
      {
        path: [...path, 'cron'],
        message: `cron '${w.cron}' never fires: no date matches it (a day the listed months do not have?), so the window never opens`,
        severity: 'error',
      },
    ];
  if (shape === 'never-closes')
    return [
      {
        path: [...path, 'duration'],
        message: `window never closes: '${w.cron}' starts again before ${w.duration} have passed, so it holds nothing`,
        severity: 'warning',
      },
    ];
  return [];
}

function checkProposers(p: Policy, path: (string | number)[]): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const key of ['allow', 'deny'] as const) {
    const list = p.proposers?.[key];
    if (!list) continue;
    if (list.length === 0) {
      out.push({
        path: [...path, 'proposers', key],
        message:
          key === 'allow'
            ? 'proposers.allow is empty: it denies every proposer; to forbid all, say deny: ["*"]'
            : 'proposers.deny is empty: it denies nobody; remove it',
        severity: key === 'allow' ? 'error' : 'warning',
      });
    }
    list.forEach((pattern, i) => {
      if (pattern.trim() === '')
        out.push({
          path: [...path, 'proposers', key, i],
          message: `proposers.${key} pattern is blank: it matches no login or agent`,
          severity: 'error',
        });
    });
  }
  return out;
}

function matchedIntents(p: Policy, intents: readonly IntentSummary[]): IntentSummary[] {
  // `match: { environments }` alone matches every intent (in those environments).
  if (p.match.intents === undefined && p.match.risk === undefined) return [...intents];
  return intents.filter((i) => p.match.intents?.includes(i.name) || p.match.risk?.includes(i.risk));
}

function checkParams(
  p: Policy,
  path: (string | number)[],
  intents: readonly IntentSummary[],
): PolicyProblem[] {
  const matched = matchedIntents(p, intents);
  if (matched.length === 0) return [];
  return Object.keys(p.params ?? {}).flatMap((name): PolicyProblem[] => {
    const without = matched.filter((i) => !i.params.includes(name)).map((i) => i.name);
    if (without.length === 0) return [];
    const at = [...path, 'params', name];
    if (without.length === matched.length) {
      return [
        {
          path: at,
          message: `params allowlist names '${name}', which no intent this policy matches declares (${without.join(', ')})`,
          severity: 'error',
        },
      ];
    }
    // decide() denies a request whose intent lacks an allowlisted param: say so before it bites.
    return [
      {
        path: at,
        message: `param '${name}' is not declared by ${without.join(', ')}: requests for them are always denied by this allowlist`,
        severity: 'warning',
      },
    ];
  });
}

/** Problems in one policy file's data (already schema-valid), each at a path into the file. */
export function checkPolicyFile(file: PolicyFile, ctx: PolicyCheckContext): PolicyProblem[] {
  return file.policies.flatMap((p, i) => {
    const path = ['policies', i];
    return [
      ...(p.windows ?? []).flatMap((w, j) => checkWindow(w, [...path, 'windows', j], ctx.now)),
      ...checkProposers(p, path),
      ...(ctx.intents ? checkParams(p, path, ctx.intents) : []),
    ];
  });
}
