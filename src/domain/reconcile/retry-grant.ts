import { z } from 'zod';

// A `/retry` on a request's pull request by someone with write access, written down by the bot: the
// decision to run an interrupted request again is a human's, and it must survive a dropped run.

export const RETRIES_DIR = 'executions/retries';

export const RetryGrantSchema = z.object({
  /** The interrupted execution this retries. */
  of: z.string(),
  request: z.string(),
  commit: z.string(),
  merged_at: z.string(),
  by: z.string(),
  comment_id: z.number().int(),
  comment_url: z.string().optional(),
  granted_at: z.string(),
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

/**
 * What a `/retry` grants: each request of the merged PR whose run ended `interrupted` is run again;
 * any other is refused with the reason (it ran to an end, or it has no record to retry).
 */
export function retryGrants(
  requests: readonly { path: string; record?: { id: string; status: string } }[],
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
  for (const { path, record } of requests) {
    if (record?.status !== 'interrupted') {
      refused.push(
        `\`${path}\`: ${record ? `its run ended as ${record.status}` : 'it has no interrupted record'}`,
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
