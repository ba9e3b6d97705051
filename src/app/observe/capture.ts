import type { Plan, PlannedCapture } from '../../domain/plan/plan.js';
import type { Snapshot } from '../../domain/schemas/record.js';
import type { ExecPorts } from '../shared/ports.js';
import { type ObserveWindow, observe } from './snapshot.js';

// Snapshots before the first step and after the checks. A capture that fails is recorded as
// unavailable with the reason; the run goes on.

/** "62", "62%", "62.5 MiB" → 62 / 62.5; anything else is not a number. */
export function parseNumber(output: string): number | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/i.exec(output);
  return m ? Number(m[1]) : undefined;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const [head, ...rest] = key.split('.');
  if (!head) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (typeof target[head] !== 'object' || target[head] === null) target[head] = {};
  const child = target[head] as Record<string, unknown>;
  setPath(child, rest.join('.'), value);
}

export async function takeSnapshot(
  captures: readonly PlannedCapture[],
  ports: ExecPorts,
  opts: { cwd: string; env: Record<string, string>; signal?: AbortSignal },
): Promise<Snapshot | null> {
  if (captures.length === 0) return null;
  const snapshot: Record<string, unknown> = {};
  const unavailable: { source: string; reason: string }[] = [];
  await Promise.all(
    captures.map(async (c) => {
      const res = await ports.runProcess({
        command: c.command,
        cwd: opts.cwd,
        env: opts.env,
        timeoutMs: c.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const failed =
        res.error ??
        (res.timedOut
          ? `timed out after ${c.timeoutMs} ms`
          : res.exitCode !== 0
            ? `exit ${res.exitCode}`
            : undefined);
      if (failed) {
        unavailable.push({
          source: c.key,
          reason: `${failed}${res.stderr ? `: ${res.stderr.trim().slice(-200)}` : ''}`,
        });
        if (c.kind === 'number') setPath(snapshot, c.key, null);
        return;
      }
      if (c.kind === 'lines') {
        setPath(
          snapshot,
          c.key,
          res.stdout
            .split('\n')
            .filter(Boolean)
            .slice(-(c.lines ?? 50)),
        );
        return;
      }
      const n = parseNumber(res.stdout);
      if (n === undefined)
        unavailable.push({
          source: c.key,
          reason: `not a number: ${JSON.stringify(res.stdout.trim().slice(0, 80))}`,
        });
      setPath(snapshot, c.key, n ?? null);
    }),
  );
  if (unavailable.length) snapshot.unavailable = unavailable.sort((a, b) => a.source.localeCompare(b.source));
  return snapshot as Snapshot;
}

/** Command captures and the providers, side by side; their parts merge into one snapshot. */
export async function snapshot(
  plan: Plan,
  ports: ExecPorts,
  ctx: { cwd: string; env: Record<string, string>; signal?: AbortSignal },
  window: Omit<ObserveWindow, 'signal'>,
): Promise<Snapshot | null> {
  if (plan.captures.length === 0 && !plan.observe) return null;
  const [commands, providers] = await Promise.all([
    takeSnapshot(plan.captures, ports, ctx),
    observe(plan.observe, ports.observers, { ...window, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
  ]);
  const merged: Record<string, unknown> = { ...providers, ...(commands ?? {}) };
  if (providers.metrics || commands?.metrics) merged.metrics = { ...providers.metrics, ...commands?.metrics };
  const unavailable = [...(providers.unavailable ?? []), ...(commands?.unavailable ?? [])];
  if (unavailable.length) merged.unavailable = unavailable.sort((a, b) => a.source.localeCompare(b.source));
  return merged as Snapshot;
}
