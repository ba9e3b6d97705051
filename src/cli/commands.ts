import type { ObserveRunResult } from '../app/observe/observe-run.js';
import { formatPlan, formatResult } from '../app/plan/format.js';
import type { LiveReport } from '../app/plan/live-state.js';
import { planRequests } from '../app/plan/plan-requests.js';
import type { PreviewReport } from '../app/plan/previews-from-env.js';
import type { OpenedPr } from '../app/propose/propose-pr.js';
import { historyFor } from '../app/records/history.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { InputError } from '../domain/input/errors.js';
import { hasPreviews } from '../domain/plan/manifest-apply.js';
import type { Plan } from '../domain/plan/plan.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import type { GlobalOptions } from './global-options.js';
import { repoRelative } from './repo-relative.js';
import { remediateAfter } from './rollback-command.js';
import { toolVersion } from './tool-version.js';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

export async function planCommand(
  g: GlobalOptions,
  request: string,
  opts: { live?: boolean } = {},
): Promise<number> {
  const rel = repoRelative(g.repo, request);
  const { catalog, diagnostics } = await loadRepo(g.repo, [rel]);
  const blocking = diagnostics.filter((d) => d.severity === 'error');
  if (blocking.length || !catalog.requests.some((r) => r.path === rel)) {
    throw new InputError(
      blocking.length
        ? blocking
        : [{ file: rel, severity: 'error', message: 'expected a request file under intents/requests/' }],
    );
  }
  const now = new Date();
  // Planned as the pull request's check plans it (app/plan/plan-requests.ts), with the recorded history.
  const [prepared] = planRequests(catalog, [rel], {
    now,
    approvals: null,
    history: await historyFor(catalog, g.repo, now),
  });
  if (!prepared?.plan) throw new InputError(prepared?.diagnostics ?? []);
  const { planWhere } = await import('../app/plan/plan-where.js');
  // --no-live skips the previews as it skips the live state: both read the cluster.
  const withPreviews = opts.live !== false && hasPreviews(prepared.plan);
  const [where, live, previews] = await Promise.all([
    planWhere(g.repo, prepared.plan, process.env),
    opts.live === false ? undefined : localLive(g.repo, [prepared], now),
    withPreviews ? localPreviews(g.repo, [prepared]) : undefined,
  ]);
  const { formatLive, unlistedNote } = await import('../app/plan/format-live.js');
  const { formatPreviews } = await import('../app/plan/format-previews.js');
  out(
    g.json
      ? JSON.stringify(
          {
            request: rel,
            plan: prepared.plan,
            ...(where.kube ? { kubernetes: where.kube } : {}),
            ...(where.notes ? { notes: where.notes } : {}),
            ...(live ? { live: { ...live, byPath: undefined, ...live.byPath[rel] } } : {}),
            ...(previews ? { previews: previewsOf(previews, rel) } : {}),
          },
          null,
          2,
        )
      : [
          formatPlan(prepared.plan, rel, where),
          ...(live ? formatLive(live, rel) : []),
          ...(live && unlistedNote(live) ? [`workload kinds ${unlistedNote(live)}`] : []),
          ...(previews ? formatPreviews(previews, rel) : []),
        ].join('\n'),
  );
  // A denied request would fail its PR check and never run: say so in the exit code too.
  return prepared.plan.policy.verdict === 'deny' ? 1 : 0;
}

export async function runCommand(
  g: GlobalOptions,
  request: string,
  id?: string,
  opts: { bake?: boolean } = {},
): Promise<number> {
  const rel = repoRelative(g.repo, request);
  // The first SIGINT/SIGTERM stops the step; later ones are ignored until the record is written.
  const { cancelOnSignals } = await import('../adapters/signals.js');
  const signals = cancelOnSignals(err);
  try {
    // Loaded on demand: running pulls in the process runner and secret scanning, validate needs neither.
    const [{ runRequest }, { realPorts }, { localOrigin }] = await Promise.all([
      import('../app/execute/run-request.js'),
      import('../app/shared/real-ports.js'),
      import('../app/records/origin.js'),
    ]);
    const { record, path } = await runRequest(
      {
        repoDir: g.repo,
        requestPath: rel,
        toolVersion: await toolVersion(),
        env: process.env,
        signal: signals.signal,
        ...(id ? { id } : {}),
      },
      { ...realPorts(g.json ? () => {} : err), origin: localOrigin(g.repo, process.env) },
    );
    // The record is written: Grafana, Pushgateway and alerts (when configured) can no longer lose it.
    const { afterRun } = await import('../app/after-run/index.js');
    await afterRun({ repoDir: g.repo, record, links: { record: path }, env: process.env, log: err });
    if (record.status !== 'success' || opts.bake === false || signals.signal.aborted) {
      out(g.json ? JSON.stringify({ path, record }, null, 2) : formatResult(record, path));
      if (!signals.signal.aborted) await remediateAfter(g, record, signals.signal);
      return record.status === 'success' ? 0 : 1;
    }
    if (!g.json) out(formatResult(record, path));
    // Locally the bake runs in this process, after the execution record is written.
    const bake = await bakeAfter(g, { execution: record, signal: signals.signal, quietIfNone: true });
    if (g.json) out(JSON.stringify({ path, record, ...(bake.baked ? { bake: bake.record } : {}) }, null, 2));
    return !bake.baked || bake.observation.verdict === 'pass' ? 0 : 1;
  } finally {
    signals.dispose();
  }
}

async function bakeAfter(
  g: GlobalOptions,
  o: { execution?: ExecutionRecord; id?: string; signal?: AbortSignal; quietIfNone?: boolean },
): Promise<ObserveRunResult> {
  const [{ observeExecution }, { realPorts }, { localOrigin }] = await Promise.all([
    import('../app/observe/observe-execution.js'),
    import('../app/shared/real-ports.js'),
    import('../app/records/origin.js'),
  ]);
  const r = await observeExecution(
    {
      repoDir: g.repo,
      toolVersion: await toolVersion(),
      env: process.env,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.execution ? { execution: o.execution } : {}),
      ...(o.id ? { id: o.id } : {}),
      // A failed bake: the policy's answer (auto rolls back now, ask says how, never says so).
      afterFollowUp: async (followUp) => {
        if (!o.signal?.aborted) await remediateAfter(g, followUp, o.signal);
      },
    },
    { ...realPorts(g.json ? () => {} : err), origin: localOrigin(g.repo, process.env) },
  );
  // After `run`, an intent without a bake window simply has none: say so only when asked to bake.
  if (!r.baked) {
    if (!o.quietIfNone) err(`no bake: ${r.reason}`);
  } else if (!g.json)
    out(`bake ${r.observation.verdict}: ${r.observation.reason}\nfollow-up record: ${r.path}`);
  return r;
}

/**
 * `intentops observe <execution-id>`: bake an earlier run; exit 0 on pass, and when its intent has
 * no bake window (nothing to watch is no failure, as the bake job skips it); 1 otherwise.
 */
export async function observeCommand(g: GlobalOptions, id: string): Promise<number> {
  const { cancelOnSignals } = await import('../adapters/signals.js');
  const signals = cancelOnSignals(err);
  try {
    const r = await bakeAfter(g, { id, signal: signals.signal });
    if (g.json) out(JSON.stringify(r.baked ? { path: r.path, record: r.record } : r, null, 2));
    if (!r.baked) return r.noWindow ? 0 : 1;
    return r.observation.verdict === 'pass' ? 0 : 1;
  } finally {
    signals.dispose();
  }
}

export interface ProposeOptions {
  param: string[];
  reason: string;
  proposer?: string;
  environment?: string;
  pr?: boolean;
  dryRun?: boolean;
}

/** `k=v` pairs from repeated --param flags; a value may contain `=`. */
function parsePairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0)
      throw new InputError([{ file: '--param', severity: 'error', message: `expected k=v, got '${p}'` }]);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export async function proposeCommand(g: GlobalOptions, intent: string, o: ProposeOptions): Promise<number> {
  const { buildProposal, saveProposal } = await import('../app/propose/propose.js');
  const now = new Date();
  const proposal = await buildProposal(g.repo, {
    intent,
    params: parsePairs(o.param),
    reason: o.reason,
    ...(o.proposer ? { proposer: o.proposer } : {}),
    ...(o.environment !== undefined ? { environment: o.environment } : {}),
    now,
  });
  let pr: OpenedPr | undefined;
  // A proposal made in the same second as another gets a -2 suffix: report the path written.
  let path = proposal.path;
  // The same request (intent, params, proposer) already proposed: its file or PR, not a second one.
  let existing = false;
  if (o.dryRun) {
    // nothing written
  } else if (o.pr) {
    const [{ requireGitHub }, { openProposalPr }] = await Promise.all([
      import('./github-env.js'),
      import('../app/propose/propose-pr.js'),
    ]);
    const { github, owner, repo } = await requireGitHub('--pr');
    pr = await openProposalPr(github, { owner, repo }, proposal, o.reason, now);
    existing = !pr.created;
    path = pr.path;
  } else {
    ({ path, existing } = await saveProposal(g.repo, proposal));
  }
  if (g.json) {
    out(
      JSON.stringify(
        {
          path,
          written: !o.dryRun && !o.pr && !existing,
          existing,
          pr: pr ?? null,
          plan: proposal.plan,
          text: proposal.text,
        },
        null,
        2,
      ),
    );
  } else {
    out(
      o.dryRun
        ? proposal.text
        : pr
          ? `${pr.created ? 'opened' : `already proposed (${pr.state})`}: ${pr.url} (${path})`
          : existing
            ? `already proposed, not run yet: ${path}`
            : `wrote ${path}`,
    );
    err(`policy verdict: ${proposal.plan.policy.verdict}`);
  }
  return 0;
}

/** The previews with the current kubeconfig (named in the output), as the preview job runs them. */
async function localPreviews(repoDir: string, requests: { path: string; plan?: Plan }[]) {
  const { previewsFromEnv } = await import('../app/plan/previews-from-env.js');
  return previewsFromEnv(repoDir, requests, process.env);
}

/** One request's previews for --json: where they read the cluster, and its outputs. */
function previewsOf(report: PreviewReport, path: string) {
  return report.ran ? { cluster: report.cluster, outputs: report.byPath[path] ?? [] } : report;
}

/** The live state with the current kubeconfig (named in the output), as the plan job reads it. */
async function localLive(
  repoDir: string,
  requests: { path: string; plan?: Plan }[],
  now: Date,
): Promise<LiveReport> {
  const [{ liveFromEnv }, { localDrafts }] = await Promise.all([
    import('../app/plan/live-state.js'),
    import('../app/incidents/open-incidents.js'),
  ]);
  return liveFromEnv(repoDir, requests, now, process.env, () => localDrafts(repoDir));
}
