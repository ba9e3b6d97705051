import { draftPromotion } from '../app/propose/promote.js';
import { saveProposal } from '../app/propose/propose.js';
import type { OpenedPr } from '../app/propose/propose-pr.js';
import type { GlobalOptions } from './main.js';

// `intentops promote <execution-id> --to production [--pr]`: writes (or opens as a PR) the request
// that runs an execution's change in the next environment, and says what the promotion gate says.

export interface PromoteFlags {
  to: string;
  reason?: string;
  proposer?: string;
  pr?: boolean;
  dryRun?: boolean;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

export async function promoteCommand(g: GlobalOptions, id: string, o: PromoteFlags): Promise<number> {
  const now = new Date();
  const { proposal, from, reason } = await draftPromotion(g.repo, {
    id,
    to: o.to,
    ...(o.reason ? { reason: o.reason } : {}),
    ...(o.proposer ? { proposer: o.proposer } : {}),
    now,
  });
  let path = proposal.path;
  let pr: OpenedPr | undefined;
  let existing = false;
  if (o.dryRun) {
    // nothing written
  } else if (o.pr) {
    const [{ requireGitHub }, { openProposalPr }] = await Promise.all([
      import('./github-env.js'),
      import('../app/propose/propose-pr.js'),
    ]);
    const { github, owner, repo } = await requireGitHub('--pr');
    pr = await openProposalPr(github, { owner, repo }, proposal, reason, now);
    existing = !pr.created;
    path = pr.path;
  } else {
    ({ path, existing } = await saveProposal(g.repo, proposal));
  }
  const gate = proposal.plan.policy.results.filter((r) => r.rule === 'promotion');
  if (g.json) {
    const json = { path, from, to: o.to, written: !o.dryRun && !o.pr && !existing, existing, pr: pr ?? null };
    out(JSON.stringify({ ...json, promotion: gate, plan: proposal.plan, text: proposal.text }, null, 2));
    return 0;
  }
  out(
    o.dryRun
      ? proposal.text
      : pr
        ? `${pr.created ? 'opened' : `already proposed (${pr.state})`}: ${pr.url} (${path})`
        : existing
          ? `already proposed, not run yet: ${path}`
          : `wrote ${path}`,
  );
  err(`promotion ${from} → ${o.to}; policy verdict: ${proposal.plan.policy.verdict}`);
  for (const r of gate) err(`  ${r.policy}/promotion: ${r.outcome} — ${r.reason}`);
  if (!gate.length) err('  no policy gates this promotion (no `promotion:` matches it)');
  return 0;
}
