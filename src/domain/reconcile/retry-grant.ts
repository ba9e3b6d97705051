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
