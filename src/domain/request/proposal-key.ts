import { createHash } from 'node:crypto';
import { canonicalJson } from '../records/record.js';

// What makes two proposals the same request, so an agent's retry (a lost answer, a timeout, a
// re-run) finds the first instead of opening a second PR that would run the intent twice.

/**
 * How long a merged or closed proposal PR answers a retry. An open PR, or a local request file not
 * yet run, answers it whatever its age: the request is still pending.
 */
export const RETRY_WINDOW_MS = 60 * 60 * 1000;

const BRANCH_PREFIX = 'intentops/propose/';

/**
 * Same intent, same params with defaults filled in (leaving out `tag: latest` is asking for it),
 * same proposer, same environment → same key. The reason is not part of it: a retry may word it
 * differently. Without an environment the key is what it was before environments existed.
 */
export function proposalKey(
  intent: string,
  params: Readonly<Record<string, unknown>>,
  proposer: string | undefined,
  environment?: string,
): string {
  const identity = canonicalJson({
    intent,
    params,
    proposer: proposer ?? null,
    ...(environment !== undefined ? { environment } : {}),
  });
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/**
 * The branch of a proposal PR: the request file's stem (intent, target, second) and the key, so
 * proposals that differ only in params never share a branch, and a retry can be recognised by it.
 */
export function proposalBranch(requestPath: string, key: string): string {
  const stem = (requestPath.split('/').pop() ?? requestPath).replace(/\.ya?ml$/, '');
  return `${BRANCH_PREFIX}${stem}-${key}`;
}

/** The request path and key a proposal branch was made from, or undefined for any other branch. */
export function parseProposalBranch(branch: string): { path: string; key: string } | undefined {
  const m = /^intentops\/propose\/([a-z0-9-]+)-([0-9a-f]{12})$/.exec(branch);
  return m ? { path: `intents/requests/${m[1]}.yaml`, key: m[2] as string } : undefined;
}
