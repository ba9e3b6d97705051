import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import {
  ROLLBACK_REQUESTS_DIR,
  rollbackClaimPath,
  rollbackRequestPath,
} from '../../domain/reconcile/claim.js';

import { linkedRecords } from './rollback-index.js';

// On GitHub a rollback is a change to production, so it runs where executions run: the execute job
// (environment `production`, its kubeconfig), never in the bake job that found the failure. The bake
// job writes a rollback REQUEST, pushes it and dispatches the execute workflow; every execute run
// then runs the requests that have no rollback claim and no rollback record yet — so a dispatched
// run that GitHub cancels while it waits (a newer pending run in the concurrency group) loses
// nothing: the next run (push, schedule, dispatch) finds the request. The rollback's claim
// (rollbackClaimPath, pushed before its first step) makes it run once. The request is not trusted
// on its own: the execute job re-reads the follow-up it names and asks the policy again.

export const RollbackRequestSchema = z.object({
  rollback_of: z.string().regex(/^exec-[a-z0-9-]+$/),
  /** The failed record that called for it (a bake's follow-up): re-read and re-judged by the runner. */
  because_of: z.string().regex(/^exec-[a-z0-9-]+$/),
  trigger: z.string(),
  requested_at: z.string(),
  /** The request's pull request, told when the rollback ran. */
  pr: z.number().int().positive().optional(),
  run: z.object({ id: z.string(), attempt: z.number(), url: z.string().optional() }).optional(),
  /** Set by the execute job that refused it (e.g. the catalog changed): never tried again. */
  refused: z.string().optional(),
});
export type RollbackRequest = z.infer<typeof RollbackRequestSchema>;

/** Writes the request file; false when one is there already (an earlier bake attempt wrote it). */
export async function writeRollbackRequest(repoDir: string, r: RollbackRequest): Promise<boolean> {
  const abs = join(repoDir, rollbackRequestPath(r.rollback_of));
  await mkdir(dirname(abs), { recursive: true });
  try {
    await writeFile(abs, stringify(RollbackRequestSchema.parse(r)), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Marks the request refused (the file is rewritten; the caller pushes it): it is not tried again. */
export async function refuseRollbackRequest(
  repoDir: string,
  r: RollbackRequest,
  reason: string,
): Promise<string> {
  const rel = rollbackRequestPath(r.rollback_of);
  await writeFile(join(repoDir, rel), stringify(RollbackRequestSchema.parse({ ...r, refused: reason })));
  return rel;
}

/** Requests no run has started (no claim) and none finished (no rollback record), oldest first. */
export async function pendingRollbackRequests(
  repoDir: string,
  log: (line: string) => void,
): Promise<RollbackRequest[]> {
  // A request whose rollback was claimed is done (or settled by the claim's own path): only the
  // others make the records be read, which costs every record once requests pile up.
  const files = (await readdir(join(repoDir, ROLLBACK_REQUESTS_DIR)).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.yaml') && !existsSync(join(repoDir, rollbackClaimPath(f.slice(0, -5)))))
    .sort();
  if (files.length === 0) return [];
  const { rollbacks } = await linkedRecords(repoDir);
  const out: RollbackRequest[] = [];
  for (const f of files) {
    const rel = `${ROLLBACK_REQUESTS_DIR}/${f}`;
    const parsed = RollbackRequestSchema.safeParse(parse(await readFile(join(repoDir, rel), 'utf8')));
    if (!parsed.success || `${parsed.data.rollback_of}.yaml` !== f) {
      log(`${rel} is not a rollback request intentops wrote: ignored`);
      continue;
    }
    const of = parsed.data.rollback_of;
    if (parsed.data.refused || rollbacks.get(of)?.length || existsSync(join(repoDir, rollbackClaimPath(of))))
      continue;
    out.push(parsed.data);
  }
  return out.sort((a, b) => a.requested_at.localeCompare(b.requested_at));
}

export interface StrandedRollback {
  request: RollbackRequest;
  /** The run that claimed it, when the claim names one. */
  run?: { id: string; attempt: number };
}

/**
 * Requests whose rollback was claimed and left no record, not yet refused: the claiming run may be
 * rolling back now, or may have died mid-step. The caller asks whether that run is over; a stranded
 * one is refused aloud (a human decides), never run again — its steps may have run in part.
 */
export async function strandedRollbackRequests(repoDir: string): Promise<StrandedRollback[]> {
  const files = (await readdir(join(repoDir, ROLLBACK_REQUESTS_DIR)).catch(() => [] as string[])).filter(
    (f) => f.endsWith('.yaml') && existsSync(join(repoDir, rollbackClaimPath(f.slice(0, -5)))),
  );
  if (files.length === 0) return [];
  const { rollbacks } = await linkedRecords(repoDir);
  const out: StrandedRollback[] = [];
  for (const f of files.sort()) {
    const parsed = RollbackRequestSchema.safeParse(
      parse(await readFile(join(repoDir, ROLLBACK_REQUESTS_DIR, f), 'utf8')),
    );
    if (!parsed.success || parsed.data.refused || rollbacks.get(parsed.data.rollback_of)?.length) continue;
    const claim = parse(
      await readFile(join(repoDir, rollbackClaimPath(parsed.data.rollback_of)), 'utf8'),
    ) as {
      run?: { id?: unknown; attempt?: unknown };
    } | null;
    const run =
      typeof claim?.run?.id === 'string' && typeof claim.run.attempt === 'number'
        ? { id: claim.run.id, attempt: claim.run.attempt }
        : undefined;
    out.push({ request: parsed.data, ...(run ? { run } : {}) });
  }
  return out;
}
