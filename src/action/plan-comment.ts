import { formatPlan } from '../app/format.js';
import { fenced } from '../domain/bot-markers.js';
import { type Diagnostic, formatDiagnostic } from '../domain/diagnostic.js';
import type { Plan } from '../domain/plan.js';
import { visiblePath } from '../domain/request-path.js';
import { type RuleFileBacktest, renderBacktestSection } from './backtest-comment.js';

// The one PR comment: what each changed request would run and the policy verdict, the validation
// result, and a warning when a PR mixes requests with changes to what judges them. Pure text.

export const PLAN_MARKER = '<!-- intentops:plan -->';
const LIMIT = 60_000; // GitHub refuses comment bodies over 65,536 characters

export interface PlannedRequest {
  path: string;
  plan?: Plan;
  diagnostics: Diagnostic[];
}

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

export function renderPlanComment(input: PlanCommentInput): string {
  const errors = input.diagnostics.filter((d) => d.severity === 'error');
  const lines = [
    `## intentops plan — ${errors.length ? `❌ ${errors.length} problem(s)` : '✅ valid'}`,
    '',
    `Checked ${input.checkedFiles} file(s) under \`intents/\` at ${input.sha.slice(0, 7)}.`,
  ];
  if (input.autoMerge?.needsHuman) lines.push('', `> [!IMPORTANT]\n> 🧑 ${input.autoMerge.note}`);
  else if (input.autoMerge) lines.push('', `🤖 ${input.autoMerge.note}`);
  if (input.mixed.length) {
    lines.push(
      '',
      `> [!WARNING]\n> This PR adds requests **and** changes what judges them: ${input.mixed.map((m) => `\`${m}\``).join(', ')}. Review those changes first — or split the PR.`,
    );
  }
  if (errors.length) {
    lines.push('', '### Problems', fenced(errors.map(formatDiagnostic).join('\n'), 'text'));
  }
  for (const r of input.requests) {
    lines.push('', `### \`${visiblePath(r.path)}\``);
    if (!r.plan) {
      lines.push('Not planned: the file is invalid (see above).');
      continue;
    }
    lines.push(`**Policy verdict: ${r.plan.policy.verdict.toUpperCase()}**`, '', ...policyTable(r.plan));
    lines.push(
      '',
      '<details><summary>What would run</summary>',
      '',
      fenced(formatPlan(r.plan, r.path), 'text'),
      '</details>',
    );
  }
  lines.push(...renderBacktestSection(input.backtests ?? []));
  if (input.runUrl) lines.push('', `<sub>[workflow run](${input.runUrl})</sub>`);
  // The marker ends the comment (its trailer), where no quoted text can stand in for it.
  const body = lines.join('\n');
  return body.length <= LIMIT
    ? `${body}\n\n${PLAN_MARKER}\n`
    : `${body.slice(0, LIMIT)}\n\n… (truncated; the full plan is in the job summary)\n\n${PLAN_MARKER}\n`;
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
