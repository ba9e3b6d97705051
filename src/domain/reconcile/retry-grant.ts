import { z } from 'zod';

// A `/retry` on a request's pull request by someone with write access, written down by the bot: the
// decision to run an interrupted request again — or one the drift guard denied because the cluster
// moved since its approval — is a human's, and it must survive a dropped run.

export const RETRIES_DIR = 'executions/retries';

const SeenSchema = z.object({
  /** Absent for a deployment (grants written before StatefulSets and DaemonSets were read have none). */
  kind: z.enum(['statefulset', 'daemonset']).optional(),
  namespace: z.string(),
  name: z.string(),
  generation: z.number(),
  images: z.array(z.string()),
  replicas: z.number(),
});

export const RetryGrantSchema = z.object({
  /** The interrupted (or drift-denied) execution this retries. */
  of: z.string(),
  request: z.string(),
  commit: z.string(),
  merged_at: z.string(),
  by: z.string(),
  comment_id: z.number().int(),
  comment_url: z.string().optional(),
  granted_at: z.string(),
  /**
   * A drift-denied request's fresh plan: its workloads as the grant saw them. The writer approved
   * the cluster as it was then, so the retry's drift guard compares with this, not the old plan.
   */
  seen: z.array(SeenSchema).optional(),
});
export type RetryGrant = z.infer<typeof RetryGrantSchema>;

export function grantPath(g: Pick<RetryGrant, 'of' | 'comment_id'>): string {
  return `${RETRIES_DIR}/${g.of}-c${g.comment_id}.yaml`;
}

/** The retry's own tag in its execution id: one comment, one retry. */
export function retryTag(g: Pick<RetryGrant, 'comment_id'>): string {
  return `comment-${g.comment_id}`;
}

export function isRetryCommand(body: string | null | undefined): boolean {
  return /^\/retry\s*$/m.test((body ?? '').trim().split('\n')[0] ?? '');
}

type Retryable = { id: string; status: string; policy?: { reasons: readonly string[] } };

/**
 * Why a record may be run again on a writer's `/retry`: `interrupted` (its run ended without an
 * end), `drift` (denied only because the cluster moved since the approved plan, `on_drift: deny`:
 * every deny or hold among its policy reasons is the drift guard's); undefined otherwise.
 */
export function retryable(record: Retryable | undefined): 'interrupted' | 'drift' | undefined {
  if (record?.status === 'interrupted') return 'interrupted';
  if (record?.status !== 'denied') return undefined;
  // The reasons read `<policy>/<rule>: <outcome> — <why>` (run-request.ts).
  const refusing = (record.policy?.reasons ?? []).filter((r) => /^[^ ]*\/[a-z_]+: (deny|hold) — /.test(r));
  return refusing.length > 0 && refusing.every((r) => /^[^ ]*\/on_drift: deny — /.test(r))
    ? 'drift'
    : undefined;
}

/**
 * What a `/retry` grants: each request of the merged PR whose run ended `interrupted`, or was
 * denied for drift only, is run again; any other is refused with the reason (it ran to an end, it
 * was refused by a rule a retry cannot change, or it has no record to retry).
 */
export function retryGrants(
  requests: readonly {
    path: string;
    record?: Retryable;
    /** Its newest retry and that retry's record, if it has one (none: still pending). */
    lastRetry?: { grant: Pick<RetryGrant, 'by' | 'comment_id'>; record?: Retryable };
  }[],
  o: {
    commit: string;
    mergedAt: Date;
    by: string;
    comment: { id: number; html_url?: string };
    now: Date;
  },
): { grants: RetryGrant[]; refused: string[] } {
  const grants: RetryGrant[] = [];
  const refused: string[] = [];
  for (const { path, record, lastRetry } of requests) {
    // A retried request is judged by its newest attempt: one that succeeded is not run again, and a
    // retry still pending is not granted twice; the grant still names the request's own record.
    // The same comment delivered again (its job re-run) finds its own grant: granted again, the
    // same file, so the re-run's reconcile settles what a killed attempt left (its dead claim).
    const own = lastRetry?.grant.comment_id === o.comment.id && !lastRetry.record;
    if (lastRetry && !lastRetry.record && !own) {
      refused.push(`\`${path}\`: a retry granted by \`${lastRetry.grant.by}\` has not run yet`);
      continue;
    }
    const last = lastRetry?.record ?? record;
    if (!record || !retryable(last)) {
      refused.push(
        `\`${path}\`: ${last ? `its ${lastRetry ? 'last retry' : 'run'} ended as ${last.status}` : 'it has no interrupted record'}`,
      );
      continue;
    }
    grants.push({
      of: record.id,
      request: path,
      commit: o.commit,
      merged_at: o.mergedAt.toISOString(),
      by: o.by,
      comment_id: o.comment.id,
      ...(o.comment.html_url ? { comment_url: o.comment.html_url } : {}),
      granted_at: o.now.toISOString(),
    });
  }
  return { grants, refused };
}
