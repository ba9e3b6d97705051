import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Links } from '../../domain/notify/messages.js';
import { clipText } from '../../domain/observe/clip.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { deliveries, type Env } from './deliveries.js';
import { readSettings, scrub } from './settings.js';

// After a run's record is written: the Grafana annotation, the Pushgateway metrics and the alerts,
// all at once, each bounded by a timeout. Nothing here can fail the run or lose its record: every
// outcome becomes a line in incidents/notify-log.jsonl (committed with the record) and in the log,
// with every secret value scrubbed out.

export const NOTIFY_LOG = 'incidents/notify-log.jsonl';
const DEFAULT_TIMEOUT_MS = 5000;
/** Characters of an outcome's detail kept in the log (a webhook's answer is bounded, not cut). */
const DETAIL_LIMIT = 400;

export interface AfterRunContext {
  repoDir: string;
  record: ExecutionRecord;
  links?: Links;
  env: Env;
  log: (line: string) => void;
  now?: () => Date;
  timeoutMs?: number;
}

export interface AfterRunOutcome {
  at: string;
  execution_id: string;
  target: string;
  kind: string;
  ok: boolean;
  detail: string;
}

export async function afterRun(ctx: AfterRunContext): Promise<AfterRunOutcome[]> {
  const now = ctx.now ?? (() => new Date());
  const outcomes: AfterRunOutcome[] = [];
  let secrets: readonly string[] = [];
  const note = (target: string, kind: string, ok: boolean, detail: string) =>
    outcomes.push({
      at: now().toISOString(),
      execution_id: ctx.record.id,
      target,
      kind,
      ok,
      // Scrubbed first, cut after: a secret across the cut would leave its start (issue 23).
      detail: clipText(scrub(detail, secrets), DETAIL_LIMIT),
    });
  try {
    const settings = await readSettings(ctx.repoDir, ctx.env);
    secrets = settings.secrets;
    for (const p of settings.problems) note('settings', 'config', false, p);
    const list = deliveries({
      repoDir: ctx.repoDir,
      record: ctx.record,
      links: ctx.links ?? {},
      settings,
      env: ctx.env,
      now: now(),
      timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const results = await Promise.allSettled(list.map((d) => d.run()));
    results.forEach((r, i) => {
      const d = list[i];
      if (!d) return;
      if (r.status === 'fulfilled') {
        if (r.value !== null) note(d.target, d.kind, true, r.value);
      } else {
        note(d.target, d.kind, false, (r.reason as Error)?.message ?? String(r.reason));
      }
    });
  } catch (err) {
    note('after-run', 'internal', false, (err as Error).message);
  }
  for (const o of outcomes) ctx.log(`${o.ok ? '✔' : '✖'} ${o.kind} ${o.target}: ${o.detail}`);
  if (outcomes.length) {
    try {
      const abs = join(ctx.repoDir, NOTIFY_LOG);
      await mkdir(dirname(abs), { recursive: true });
      await appendFile(abs, outcomes.map((o) => `${JSON.stringify(o)}\n`).join(''));
    } catch (err) {
      ctx.log(`✖ could not write ${NOTIFY_LOG}: ${scrub((err as Error).message, secrets)}`);
    }
  }
  return outcomes;
}
