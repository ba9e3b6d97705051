import { appendFileSync, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

// Named crash points at every durable boundary of a run (a claim or record written, a commit, a
// push, a GitHub write, a step's start and end, a bake dispatch, an incident issue), so the fault
// harness (test/faults/) can kill the action exactly there and prove that the next job loses
// nothing and runs nothing twice. Disarmed (the normal case) a point costs one Map lookup.
//
// Armed only by INTENTOPS_FAULT in the action's own environment, which the workflow file sets; a
// request file, a PR or a step cannot set it: steps start from a clean environment that never
// holds it (app/shared/step-env.ts), and the action reads it once, at start, from the sealed
// environment (action/start.ts).

/** Every point, in the order a run meets them: what the sweep iterates. */
export const FAULT_POINTS = [
  /** After the pending requests are decided, before anything is claimed. */
  'reconcile.scanned',
  /** Before a claim file is written to the checkout. */
  'claim.write',
  /** The claim is in the checkout, not yet committed or pushed. */
  'claim.push',
  /** The claim is on the remote; no step has run. */
  'claim.pushed',
  /** Before a step's process starts. */
  'step.start',
  /** A step's process ended; the next one has not started. */
  'step.end',
  /** Before a record file is written to the checkout. */
  'record.write',
  /** The record is in the checkout, not yet committed. */
  'record.push',
  /** The record is on the remote; after-run, bake and comments not done. */
  'record.pushed',
  /** Before any commit of the bot's files (claims, records, delivery logs, grants). */
  'git.commit',
  /** Committed locally, before a push attempt. */
  'git.push',
  /** Before any GitHub API call that writes (POST, PATCH, PUT, DELETE). */
  'github.write',
  /** A GitHub write was answered; nothing after it done. */
  'github.written',
  /** Before the bake workflow is dispatched. */
  'bake.dispatch',
  /** Before an incident issue is created. */
  'incident.create',
  /** Before the bake's comment on the request's PR is written (at its start and its end). */
  'bake.comment',
  /** Before a bake's follow-up record is written to the checkout. */
  'bake.followup',
  /** Before a failed bake's rollback request is written to the checkout. */
  'rollback.request',
  /** Before the plan comment on a pull request is written (created or edited). */
  'plan.comment',
  /** Before a learned suggestion's branch is written (created or rewritten). */
  'learn.branch',
  /** Before a learned suggestion's pull request is opened. */
  'learn.pr',
] as const;

export type FaultPointName = (typeof FAULT_POINTS)[number];

/** `kill`: SIGKILL this process (no handler, no cleanup); `hold`: wait until the test releases it. */
export type FaultAction = 'kill' | 'hold';

export interface ArmedFault {
  point: FaultPointName;
  action: FaultAction;
  /** Fires on this hit of the point (1 = the first). */
  nth: number;
}

export const FAULT_VAR = 'INTENTOPS_FAULT';
/** Where `hold` says it is held (`<point>.held`) and waits for `<point>.go`. */
export const FAULT_DIR_VAR = 'INTENTOPS_FAULT_DIR';
/** A file each point reached is appended to: how the sweep learns which hits a run meets. */
export const FAULT_TRACE_VAR = 'INTENTOPS_FAULT_TRACE';

const armed = new Map<string, ArmedFault>();
const hits = new Map<string, number>();
let holdDir: string | undefined;
let trace: string | undefined;

/**
 * `point:action[@nth]`, comma-separated: `record.push:kill`, `git.push:kill@2`. An unknown point
 * or action is an error: a typo in a fault schedule must not make a sweep pass for nothing.
 */
export function parseFaults(spec: string): ArmedFault[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^([a-z.]+):(kill|hold)(?:@(\d+))?$/.exec(s);
      if (!m) throw new Error(`${FAULT_VAR}: '${s}' is not point:kill|hold[@n]`);
      const point = m[1] as FaultPointName;
      if (!FAULT_POINTS.includes(point)) {
        throw new Error(`${FAULT_VAR}: no fault point '${point}' (known: ${FAULT_POINTS.join(', ')})`);
      }
      return { point, action: m[2] as FaultAction, nth: Number(m[3] ?? '1') };
    });
}

/** Arms the points `env` asks for; returns them (empty when none). Called once, at start. */
export function armFaults(env: Record<string, string | undefined>): ArmedFault[] {
  armed.clear();
  hits.clear();
  trace = env[FAULT_TRACE_VAR] || undefined;
  const spec = env[FAULT_VAR];
  if (!spec) return [];
  holdDir = env[FAULT_DIR_VAR];
  const faults = parseFaults(spec);
  if (faults.some((f) => f.action === 'hold') && !holdDir) {
    throw new Error(`${FAULT_VAR}: a hold needs ${FAULT_DIR_VAR}`);
  }
  for (const f of faults) armed.set(`${f.point}@${f.nth}`, f);
  return faults;
}

/** A durable boundary: nothing unless the harness armed this point for this hit. */
export async function faultPoint(point: FaultPointName): Promise<void> {
  if (armed.size === 0 && !trace) return;
  const n = (hits.get(point) ?? 0) + 1;
  hits.set(point, n);
  if (trace) appendFileSync(trace, `${point}@${n}\n`);
  const f = armed.get(`${point}@${n}`);
  if (!f) return;
  if (f.action === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL is delivered at once; this only keeps the code after the point from running meanwhile.
    await new Promise(() => {});
  }
  const dir = holdDir as string;
  await writeFile(join(dir, `${point}.held.${process.pid}`), '');
  while (!existsSync(join(dir, `${point}.go`))) await delay(50);
}
