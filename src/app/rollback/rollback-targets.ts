import { mergedPrRequests } from '../execute/merged-pr-requests.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';

// Which executions a `/rollback` comment means: the one it names; else, on a request's PR, the
// records of the requests the merged PR added; else the one the incident issue names. An incident
// issue that names several (it recurred) or none needs the human to say which.

export type RollbackTargets = { ids: string[] } | { reply: string };

export async function rollbackTargets(
  github: GitHubPort,
  where: Repo & { repoDir: string },
  o: {
    /** The id after `/rollback`, or '' for none. */
    asked: string;
    on: { number: number; pullRequest: boolean; body?: string | null | undefined };
  },
): Promise<RollbackTargets> {
  if (o.asked) return { ids: [o.asked] };
  if (o.on.pullRequest) {
    const merged = await mergedPrRequests(github, { ...where, pr: o.on.number });
    const ids = (merged?.requests ?? []).flatMap((r) => (r.record ? [r.record.id] : []));
    return ids.length
      ? { ids }
      : {
          reply: '`/rollback` found no merged request with a record here: name it, e.g. `/rollback exec-…`.',
        };
  }
  const ids = [...new Set([...(o.on.body ?? '').matchAll(/\bexec-[a-z0-9-]+\b/g)].map((m) => m[0]))];
  if (ids.length === 1) return { ids };
  const named = ids.length ? ` This issue names ${ids.map((i) => `\`${i}\``).join(', ')}.` : '';
  return { reply: `\`/rollback\` needs the execution: comment \`/rollback exec-…\`.${named}` };
}
