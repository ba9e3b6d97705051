import type { PolicyDecision } from '../domain/policy/policy.js';

// What happens to a proposal after it is made, in one sentence an agent can act on: refused, merged
// by itself, or waiting for people (and for what). Pure: a function of the decision.

export type Outlook = 'refused' | 'auto-merge' | 'needs-human' | 'held';

export interface NextSteps {
  outlook: Outlook;
  summary: string;
  /** The policy reasons behind the outlook (deny, hold, approvals and autonomy lines). */
  reasons: string[];
}

const line = (r: PolicyDecision['results'][number]) => `${r.policy} (${r.rule}): ${r.reason}`;

export function nextSteps(decision: PolicyDecision, proposer: string, github: boolean): NextSteps {
  const pr = github ? 'the pull request' : 'the request file (commit it on a branch and open a pull request)';
  if (decision.verdict === 'deny') {
    return {
      outlook: 'refused',
      summary: `refused for ${proposer}: propose_intent would not write it; change the params or ask a human`,
      reasons: decision.results.filter((r) => r.outcome === 'deny').map(line),
    };
  }
  if (decision.autoMerge) {
    return {
      outlook: 'auto-merge',
      summary: `would auto-merge: ${proposer} may proceed without a human; ${pr} is validated and planned, merged once its checks pass, then executed and recorded`,
      reasons: decision.results.filter((r) => r.rule === 'autonomy').map(line),
    };
  }
  const approvals = decision.results.filter((r) => r.rule === 'approvals');
  const holds = decision.results.filter((r) => r.outcome === 'hold');
  const autonomy = decision.results.filter((r) => r.rule === 'autonomy');
  const need = approvals.map((r) => r.reason.replace(/ on the request PR$/, '')).join('; ');
  const summary =
    holds.length > 0
      ? `held now (${holds.map((r) => r.reason).join('; ')}); ${pr} waits until that clears${need ? `, and ${need}` : ''}`
      : `needs a human: ${need || 'a human reviews and merges'} — ${pr} is validated and planned on the PR, executed after a human merges it`;
  return {
    outlook: holds.length > 0 ? 'held' : 'needs-human',
    summary,
    reasons: [...new Set([...holds, ...approvals, ...autonomy])].map(line),
  };
}
