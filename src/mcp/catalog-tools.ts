import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatPlan } from '../app/plan/format.js';
import { draftProposal, type Proposal, policyRefusal, saveProposal } from '../app/propose/propose.js';
import { openProposalPr } from '../app/propose/propose-pr.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { formatDiagnostic } from '../domain/input/diagnostic.js';
import { KebabName } from '../domain/schemas/common.js';
import { LIST_INTENTS, PLAN_INTENT, PROPOSE_INTENT } from './descriptions.js';
import { intentView } from './intent-view.js';
import { nextSteps } from './next-steps.js';
import { guarded, type McpContext, ok, okCaptured, refused } from './results.js';

// list_intents, plan_intent, propose_intent: the catalog, a preview, a proposal. The proposal is the
// one `intentops propose` builds (draftProposal / policyRefusal / saveProposal / openProposalPr).

// zod's JSON Schema writer folds a union of bare types into a `type` array, which strict clients
// (ajv strict, the MCP Inspector's --strict) refuse; a branch with a description of its own is not
// bare, so the union stays an `anyOf` (test/mcp.test.ts checks every tool's schema with ajv strict).
const ParamValue = z.union([
  z.string().describe('a value for a string param'),
  z.number().describe('a value for an integer or number param'),
  z.boolean().describe('a value for a boolean param'),
]);

const Params = z
  .record(z.string(), ParamValue)
  .default({})
  .describe('param name → value, in the type list_intents shows; leave out a param to use its default');

// KebabName is a zod/mini schema (the intent file schemas are): it has no classic methods, so it is
// described with a check and made optional with z.optional.
const proposalShape = {
  intent: KebabName.check(z.describe('catalog intent name, e.g. deploy-app')),
  params: Params,
  environment: z
    .optional(KebabName)
    .check(
      z.describe(
        "the environment to run in (intents/environments.yaml, e.g. production); default: the intent's, else the only one",
      ),
    ),
};

const Reason = z
  .string()
  .trim()
  .min(1, 'expected a reason: say why this should run')
  .max(2000)
  .describe('why this should run: shown on the pull request, in the plan and in the execution record');

async function draft(
  ctx: McpContext,
  a: {
    intent: string;
    params: Record<string, string | number | boolean>;
    reason: string;
    environment?: string | undefined;
  },
) {
  return draftProposal(ctx.repoDir, {
    intent: a.intent,
    params: a.params,
    reason: a.reason,
    ...(a.environment !== undefined ? { environment: a.environment } : {}),
    proposer: ctx.agent,
    now: ctx.now(),
    withHistory: true,
  });
}

/** The proposal's live state, read with the server's environment (its kubeconfig, named). */
async function liveOf(ctx: McpContext, p: Proposal): Promise<Record<string, unknown>> {
  const { liveFromEnv } = await import('../app/plan/live-state.js');
  const { githubDrafts, localDrafts } = await import('../app/incidents/open-incidents.js');
  const gh = ctx.github;
  const report = await liveFromEnv(
    ctx.repoDir,
    [{ path: p.path, plan: p.plan }],
    ctx.now(),
    process.env,
    () => (gh ? githubDrafts(gh.github, { owner: gh.owner, repo: gh.repo }, 100) : localDrafts(ctx.repoDir)),
  );
  const { byPath, ...where } = report;
  return { ...where, ...(byPath[p.path] ?? {}) };
}

/** The proposal's previews (dry-run diffs, preview commands), with the server's kubeconfig. */
async function previewsOf(ctx: McpContext, p: Proposal): Promise<Record<string, unknown>> {
  const { previewsFromEnv } = await import('../app/plan/previews-from-env.js');
  const report = await previewsFromEnv(ctx.repoDir, [{ path: p.path, plan: p.plan }], process.env);
  return report.ran ? { cluster: report.cluster, outputs: report.byPath[p.path] ?? [] } : report;
}

function preview(ctx: McpContext, p: Proposal) {
  const next = nextSteps(p.plan.policy, ctx.agent, ctx.github !== null);
  const promotion = p.plan.policy.results
    .filter((r) => r.rule === 'promotion')
    .map((r) => ({
      policy: r.policy,
      outcome: r.outcome,
      reason: r.reason,
      ...(r.execution ? { execution: r.execution } : {}),
    }));
  return {
    proposer: ctx.agent,
    accepted: next.outlook !== 'refused',
    verdict: p.plan.policy.verdict,
    ...(p.plan.environment !== undefined ? { environment: p.plan.environment } : {}),
    // The promotion gate: the earlier environment's qualifying execution, or what it still lacks.
    ...(promotion.length ? { promotion } : {}),
    next,
    ...(ctx.github
      ? {
          note: `on GitHub the PR author (this token's account) is the proposer the policies judge; make it the ${ctx.agent} account for this verdict to hold`,
        }
      : {}),
    request: { path: p.path, text: p.text },
    plan: p.plan,
    plan_text: formatPlan(p.plan, p.path),
  };
}

export function registerCatalogTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'list_intents',
    {
      title: 'List intents',
      description: LIST_INTENTS,
      inputSchema: z.strictObject({ intent: z.optional(KebabName).describe('show only this intent') }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      guarded('list_intents', ctx, async () => {
        const { catalog, diagnostics } = await loadRepo(ctx.repoDir, []);
        const intents = [...catalog.intents.values()]
          .map((l) => l.data)
          .filter((i) => !a.intent || i.name === a.intent)
          .sort((x, y) => x.name.localeCompare(y.name))
          .map((i) => intentView(catalog, i));
        if (a.intent && intents.length === 0) {
          const known = [...catalog.intents.keys()].sort().join(', ');
          return refused('list_intents: refused', [
            {
              file: 'intent',
              severity: 'error',
              message: `unknown intent '${a.intent}'; the catalog has: ${known || 'none'}`,
            },
          ]);
        }
        // Errors may quote any file under intents/, requests others wrote included.
        const repoErrors = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
        return okCaptured('repository_errors', { proposer: ctx.agent, intents }, { repo_errors: repoErrors });
      }),
  );

  server.registerTool(
    'plan_intent',
    {
      title: 'Plan an intent (dry run)',
      description: PLAN_INTENT,
      inputSchema: z.strictObject({
        ...proposalShape,
        reason: Reason.optional().describe('why this should run (optional here; propose_intent requires it)'),
        live: z
          .boolean()
          .default(true)
          .describe(
            "read the target's live state (workloads, replicas, restarts, events, metrics, last execution, open incidents); false skips it",
          ),
        previews: z
          .boolean()
          .default(true)
          .describe(
            "run the intent's previews: the server-side dry-run diff (dryRun=All) of each step applying manifests from the repository, and its read-only preview commands; false skips them",
          ),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (a) =>
      guarded('plan_intent', ctx, async () => {
        const p = await draft(ctx, {
          intent: a.intent,
          params: a.params,
          reason: a.reason ?? '(plan preview)',
          environment: a.environment,
        });
        if (!a.live && !a.previews) return ok(preview(ctx, p));
        // What the cluster, the records, the incidents and the previews' output say was written by
        // others: captured, fenced.
        const [live, previews] = await Promise.all([
          a.live ? liveOf(ctx, p) : undefined,
          a.previews ? previewsOf(ctx, p) : undefined,
        ]);
        return okCaptured(a.live ? 'live_state' : 'previews', preview(ctx, p), {
          ...(live ? { live } : {}),
          ...(previews ? { previews } : {}),
        });
      }),
  );

  server.registerTool(
    'propose_intent',
    {
      title: 'Propose an intent',
      description: PROPOSE_INTENT,
      inputSchema: z.strictObject({ ...proposalShape, reason: Reason }),
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        // The same arguments again return the first request or PR (see proposal-key.ts).
        idempotentHint: true,
        openWorldHint: true,
      },
    },
    (a) =>
      guarded('propose_intent', ctx, async () => {
        const proposal = await draft(ctx, a);
        const denied = policyRefusal(proposal);
        if (denied.length)
          return refused(`propose_intent: refused by policy for proposer ${ctx.agent}`, denied);
        const base = preview(ctx, proposal);
        // A retry (same intent, params and proposer) gets the first request or PR back, said so.
        if (ctx.github) {
          const { github, owner, repo } = ctx.github;
          const pr = await openProposalPr(github, { owner, repo }, proposal, a.reason, ctx.now());
          return ok({
            ...base,
            request: { path: pr.path, text: proposal.text },
            written: false,
            existing: !pr.created,
            message: pr.created
              ? `opened ${pr.url}`
              : `already proposed (${pr.state}): ${pr.url} — not proposed again`,
            pr,
          });
        }
        const { path, existing } = await saveProposal(ctx.repoDir, proposal);
        return ok({
          ...base,
          request: { path, text: proposal.text },
          written: !existing,
          existing,
          message: existing ? `already proposed, not run yet: ${path} — not written again` : `wrote ${path}`,
          pr: null,
        });
      }),
  );
}
