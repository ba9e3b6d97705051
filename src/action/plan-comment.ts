import { formatPlan } from '../app/plan/format.js';
import { formatLive, unlistedNote } from '../app/plan/format-live.js';
import type { LiveReport } from '../app/plan/live-state.js';
import type { PlannedRequest } from '../app/plan/plan-requests.js';
import { fenced } from '../domain/bot/bot-markers.js';
import { type Diagnostic, formatDiagnostic } from '../domain/input/diagnostic.js';
import { type SeenByRequest, seenMarker } from '../domain/plan/live-state.js';
import { hasPreviews } from '../domain/plan/manifest-apply.js';
import type { Plan } from '../domain/plan/plan.js';
import { visiblePath } from '../domain/request/request-path.js';
import { type RuleFileBacktest, renderBacktestSection } from './backtest-section.js';

// The one PR comment: what each changed request would run and the policy verdict, the validation
// result, and a warning when a PR mixes requests with changes to what judges them. Pure text.

export const PLAN_MARKER = '<!-- intentops:plan -->';
const LIMIT = 60_000; // GitHub refuses comment bodies over 65,536 characters
/** GitHub refuses a step summary over 1 MiB (1,048,576 bytes): room left for what else the step writes. */
export const SUMMARY_LIMIT = 1_000_000;
/** The log group that holds the whole plan when the job summary cannot. */
export const WHOLE_PLAN_GROUP = 'intentops: the whole plan';

// Planned in app/plan/plan-requests.ts, as `intentops plan` plans them.
export type { PlannedRequest };

export interface PlanCommentInput {
  requests: PlannedRequest[];
  diagnostics: Diagnostic[];
  checkedFiles: number;
  mixed: string[];
  sha: string;
  runUrl?: string;
  /**
   * What became of auto-merge for an agent's request, e.g. "auto-merge enabled for agent x"; with
   * `needsHuman`, why the PR waits for a human although its requests may proceed alone.
   */
  autoMerge?: { note: string; needsHuman?: boolean };
  /** Changed anomaly-rule files backtested over recent records. */
  backtests?: RuleFileBacktest[];
  /** The cluster as it is now, per request, or why it was not read; absent with `--no-live`. */
  live?: LiveReport;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function policyTable(plan: Plan): string[] {
  const { matched, results } = plan.policy;
  // A policy can match and still set no rule for this request (approvals: 0, no agents named):
  // it applies, and the plan text below names it.
  if (results.length === 0 && matched.length) {
    const names = matched.map((m) => `\`${m}\``).join(', ');
    return [
      `_${matched.length === 1 ? `Policy ${names} applies; none of its rules holds` : `Policies ${names} apply; none of their rules holds`} this request._`,
    ];
  }
  if (results.length === 0) return ['_No policy applies._'];
  return [
    '| policy | rule | outcome | why |',
    '|---|---|---|---|',
    ...plan.policy.results.map((r) => `| ${esc(r.policy)} | ${r.rule} | ${r.outcome} | ${esc(r.reason)} |`),
  ];
}

const DENY_NEXT = 'nothing to approve: change the request, or the policy in its own PR';

/** One request's verdict in words, and what its reviewer must decide. */
export function requestVerdict(r: PlannedRequest): {
  kind: 'invalid' | Plan['policy']['verdict'];
  text: string;
  decide: string;
} {
  if (!r.plan) return { kind: 'invalid', text: '❌ invalid', decide: 'fix the file (see Problems)' };
  const { verdict, results } = r.plan.policy;
  const why = (o: string) =>
    results
      .filter((x) => x.outcome === o)
      .map((x) => x.reason)
      .join('; ');
  if (verdict === 'deny') return { kind: 'deny', text: `⛔ denied: ${why('deny')}`, decide: DENY_NEXT };
  if (verdict === 'hold') {
    const held = results.filter((x) => x.outcome === 'hold');
    const approvals = held.find((x) => x.rule === 'approvals');
    const others = held.filter((x) => x.rule !== 'approvals');
    const parts = [
      ...(approvals ? [`waits for approval (${approvals.reason})`] : []),
      ...others.map((x) => {
        const opens = x.rule === 'windows' ? /; the next opens (.+)$/.exec(x.reason) : null;
        return opens
          ? `held by the window until ${opens[1]}`
          : `held by the ${x.rule === 'windows' ? 'window' : x.rule}: ${x.reason}`;
      }),
    ];
    const decide = approvals
      ? 'approve the PR if the change is right'
      : 'nothing now: it runs once the hold lifts (or re-run the plan then)';
    return { kind: 'hold', text: `⏸ ${parts.join('; ')}`, decide };
  }
  // Approvals not yet counted (no token, reviews unreadable): allowed once the PR has them.
  const waits = results.find((x) => x.rule === 'approvals' && x.outcome === 'info');
  if (waits)
    return { kind: 'hold', text: `⏸ ${waits.reason}`, decide: 'approve the PR if the change is right' };
  return {
    kind: 'allow',
    text: '✅ allow',
    decide: r.plan.risk === 'high' ? 'read the steps (high risk), then merge to run it' : 'merge to run it',
  };
}

/** The headline: the verdict first, for one request or all. */
function headline(input: PlanCommentInput, errors: number): string {
  if (errors) return `## intentops plan — ❌ ${errors} problem(s): nothing runs until they are fixed`;
  const verdicts = input.requests.map(requestVerdict);
  if (verdicts.length === 0) return '## intentops plan — ✅ valid (no request to run)';
  if (verdicts.length === 1) return `## intentops plan — ${(verdicts[0] as { text: string }).text}`;
  const count = (k: string) => verdicts.filter((v) => v.kind === k).length;
  const parts = [
    count('deny') && `⛔ ${count('deny')} denied`,
    count('hold') && `⏸ ${count('hold')} waiting`,
    count('allow') && `✅ ${count('allow')} allowed`,
  ].filter(Boolean);
  return `## intentops plan — ${parts.join(' · ')} (of ${verdicts.length} requests)`;
}

function doesWhat(plan: Plan | undefined, from?: string): string {
  if (!plan) return '—';
  const to = plan.params.version;
  // From → to where the live image tag (or the last success's version) is known (issue 31 item 8).
  const move = from && typeof to === 'string' ? ` (${esc(from)} → ${esc(to)})` : '';
  const params = Object.entries(plan.params)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const shown = params.length > 80 ? `${params.slice(0, 79)}…` : params;
  const where = plan.environment !== undefined ? ` in ${esc(plan.environment)}` : '';
  return `${esc(plan.intent)}${shown ? ` ${esc(shown)}` : ''}${where}${move}`;
}

/** The one-line row of the overview table for a request. */
function row(r: PlannedRequest, live?: LiveReport): string {
  const v = requestVerdict(r);
  const path = visiblePath(r.path).replace(/^intents\/requests\//, '');
  return `| \`${esc(path)}\` | ${doesWhat(r.plan, live?.byPath[r.path]?.from)} | ${r.plan?.risk ?? '—'} | ${esc(v.text)} | ${esc(v.decide)} |`;
}

/** Characters of one request's live state in the comment: cut at a line past this. */
const LIVE_LIMIT = 4_000;

/** A request's live state, folded; cut at a line when long (the job summary has the same cut). */
function liveSection(r: PlannedRequest, live: LiveReport | undefined): string[] {
  if (!live || !r.plan) return [];
  const all = formatLive(live, r.path);
  const kept: string[] = [];
  let size = 0;
  for (const l of all) {
    if (size + l.length + 1 > LIVE_LIMIT) break;
    kept.push(l);
    size += l.length + 1;
  }
  const more = all.length - kept.length;
  if (more) kept.push(`… ${more} more line(s) left out`);
  return [
    '',
    `<details><summary>live state — <code>${visiblePath(r.path)}</code></summary>`,
    '',
    fenced(kept.join('\n'), 'text'),
    '',
    '</details>',
  ];
}

/** A request's folded detail: policy rules, then what would run. Balanced on its own. */
function requestSection(r: PlannedRequest, live?: LiveReport): string {
  const lines = [
    ...liveSection(r, live),
    '',
    `<details><summary><code>${visiblePath(r.path)}</code> — rules, steps and checks</summary>`,
    '',
  ];
  if (!r.plan) lines.push('Not planned: the file is invalid (see Problems).');
  else lines.push(...policyTable(r.plan), '', fenced(formatPlan(r.plan, r.path), 'text'));
  lines.push('', '</details>');
  return lines.join('\n');
}

/** Diagnostics as one fenced block, cut at a line when there are very many. */
function problemsSection(errors: Diagnostic[], limit: number): string {
  const all = errors.map(formatDiagnostic);
  const kept: string[] = [];
  let size = 0;
  for (const line of all) {
    if (size + line.length + 1 > limit) break;
    kept.push(line);
    size += line.length + 1;
  }
  const more = all.length - kept.length;
  return [
    '',
    '### Problems',
    fenced(kept.join('\n'), 'text'),
    ...(more ? ['', `… and ${more} more: see the annotations on the Files tab and the job summary.`] : []),
  ].join('\n');
}

interface Fit {
  /** The largest body, in what `size` counts. */
  limit: number;
  /** A body's size: characters for a comment, UTF-8 bytes for a job summary. */
  size: (text: string) => number;
  /** Where the whole plan is, for the note when details are left out. */
  whole: string;
  /** What the body is, for the note: "one comment", "the job summary". */
  what: string;
}

const chars = (t: string) => t.length;

/**
 * The plan as Markdown. `limit` bounds the body (GitHub's comment limit); over it, whole request
 * sections are left out — never a fence or `<details>` cut open — and the note says where the
 * whole plan is. The marker ends the body, outside any block.
 */
export function renderPlanComment(
  input: PlanCommentInput,
  limit = LIMIT,
  /** Where the whole plan is when the comment cannot hold it; the job summary by default. */
  whole?: string,
): string {
  const where =
    whole ??
    (input.runUrl ? `the [job summary](${input.runUrl})` : "the job summary (the run's Summary page)");
  return fitPlan(input, { limit, size: chars, whole: where, what: 'one comment' }).body;
}

/**
 * The plan for the job summary: all of it when it fits GitHub's 1 MiB, else cut like the comment
 * (between requests, balanced), saying how many requests were left out and where the whole plan is:
 * the run's log (WHOLE_PLAN_GROUP). Without the marker: the summary is no comment to find.
 */
export function renderPlanSummary(input: PlanCommentInput): { text: string; cut: boolean } {
  const fit = fitPlan(input, {
    limit: SUMMARY_LIMIT,
    size: (t) => Buffer.byteLength(t, 'utf8'),
    whole: `this run's log (the group "${WHOLE_PLAN_GROUP}"); \`intentops plan <request>\` shows one request's plan on the PR's branch`,
    what: 'the job summary (GitHub keeps 1 MiB of it)',
  });
  return { text: fit.body.replace(`\n${PLAN_MARKER}\n`, ''), cut: fit.left > 0 };
}

function fitPlan(input: PlanCommentInput, fit: Fit): { body: string; left: number } {
  const { limit, size } = fit;
  const errors = input.diagnostics.filter((d) => d.severity === 'error');
  const head = [
    headline(input, errors.length),
    '',
    `Checked ${input.checkedFiles} file(s) under \`intents/\` at ${input.sha.slice(0, 7)}.`,
  ];
  if (input.autoMerge?.needsHuman) head.push('', `> [!IMPORTANT]\n> 🧑 ${input.autoMerge.note}`);
  else if (input.autoMerge) head.push('', `🤖 ${input.autoMerge.note}`);
  if (input.mixed.length) {
    head.push(
      '',
      `> [!WARNING]\n> This PR adds requests **and** changes what judges them: ${input.mixed.map((m) => `\`${m}\``).join(', ')}. Review those changes first — or split the PR.`,
    );
  }
  if (input.requests.length) {
    // The overview lists every request unless that alone would fill half the body.
    const rows: string[] = [];
    let used = size(head.join('\n'));
    for (const r of input.requests) {
      const line = row(r, input.live);
      if (used + size(line) + 1 > limit / 2) break;
      rows.push(line);
      used += size(line) + 1;
    }
    const unlisted = input.requests.length - rows.length;
    head.push(
      '',
      '| request | what it does | risk | verdict | you decide |',
      '|---|---|---|---|---|',
      ...rows,
      ...(unlisted ? [`| … | ${unlisted} more request(s), not listed here | | | |`] : []),
    );
  }
  if (input.live && Object.values(input.live.byPath).some((l) => l.capturesKube))
    head.push(
      '',
      input.live.looked
        ? `Live state read with read-only credentials (${input.live.from}): under each request.${
            unlistedNote(input.live) ? ` Workload kinds ${unlistedNote(input.live)}.` : ''
          }`
        : `Live state: the cluster was not read — ${input.live.why}.`,
    );
  // The preview job writes its own comment (action/preview-comment.ts): pointed to, not raced for.
  const previewed = input.requests.filter((r) => hasPreviews(r.plan)).length;
  if (previewed)
    head.push(
      '',
      `Previews of ${previewed} request(s) (dry-run diffs of the manifests they apply, their \`preview:\` commands): in the **intentops preview** comment, made by the workflow's preview job with read-only credentials.`,
    );
  if (errors.length) head.push(problemsSection(errors, Math.min(limit, LIMIT) / 4));
  const tail = input.runUrl ? ['', `<sub>[workflow run](${input.runUrl})</sub>`] : [];
  const sections = [
    ...input.requests.map((r) => requestSection(r, input.live)),
    renderBacktestSection(input.backtests ?? []).join('\n'),
  ];
  const seen = seenData(input.live);
  const room = limit - 1_000 - (seen.marker?.length ?? 0); // the notes, the run link, the hidden data, the marker
  let body = head.join('\n');
  let bodySize = size(body);
  let shown = 0;
  for (const section of sections) {
    const more = size(section) + 1;
    if (bodySize + more > room) break;
    body += `\n${section}`;
    bodySize += more;
    shown++;
  }
  const left = input.requests.length - Math.min(shown, input.requests.length);
  if (shown < sections.length) {
    const what = left
      ? `The details of ${left} of ${input.requests.length} requests${input.backtests?.length ? ' and the rule backtests' : ''} do not`
      : 'The rule backtests do not';
    body += `\n\n> [!NOTE]\n> ${what} fit in ${fit.what}: the whole plan is in ${fit.whole}.`;
  }
  return {
    body: `${body}${seen.left ? `\n\n> [!NOTE]\n> What ${seen.left} request(s) saw of their workloads is too much to note in the comment: the drift guard cannot compare them at execute.` : ''}${tail.length ? `\n${tail.join('\n')}` : ''}\n\n${seen.marker ? `${seen.marker}\n` : ''}${PLAN_MARKER}\n`,
    left,
  };
}

/** Characters of the hidden data at most: past it, the drift guard has nothing to compare (it says so). */
const SEEN_LIMIT = 8_000;

/**
 * What the plan saw per workload, for the drift guard at execute (hidden in the comment), request
 * by request up to SEEN_LIMIT; `left`: the requests past it, whose drift execute cannot tell.
 */
function seenData(live: LiveReport | undefined): { marker?: string; left: number } {
  if (!live?.looked) return { left: 0 };
  const seen: SeenByRequest = {};
  let left = 0;
  for (const [path, l] of Object.entries(live.byPath)) {
    if (!l.kube || !('workloads' in l.kube)) continue;
    const next = { ...seen, [path]: l.kube.workloads };
    if (seenMarker(next).length > SEEN_LIMIT) left++;
    else seen[path] = l.kube.workloads;
  }
  return Object.keys(seen).length ? { marker: seenMarker(seen), left } : { left };
}

/** Requests beside changes to the catalog, rules, policies, workflows or the bot's own code. */
export function mixedChanges(paths: readonly string[]): string[] {
  const hasRequest = paths.some((p) => p.startsWith('intents/requests/'));
  if (!hasRequest) return [];
  return paths.filter(
    (p) =>
      /^intents\/(catalog|outcomes|anomaly-rules|policies)\//.test(p) ||
      p === 'intents/learning.yaml' ||
      p.startsWith('.github/') ||
      p.startsWith('src/') ||
      p.startsWith('dist/') ||
      p === 'action.yml',
  );
}
