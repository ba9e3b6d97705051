import type { PreviewOutput } from '../app/plan/previews.js';
import { fenced } from '../domain/bot/bot-markers.js';
import { visiblePath } from '../domain/request/request-path.js';

// The preview job's own sticky comment, beside the plan comment. Two jobs writing one comment would
// race (a comment has no compare-and-swap: the later read-modify-write loses the other's section),
// so each job owns one comment and the plan comment points to this one. Folded, each output cut to
// a share of GitHub's 65,536 characters; the job summary holds the whole outputs.

export const PREVIEW_MARKER = '<!-- intentops:preview -->';
const LIMIT = 60_000;
/** Characters of one preview's output in the comment. */
const OUTPUT_LIMIT = 8_000;

export type PreviewCommentInput =
  | { ran: false; why: string; sha: string; runUrl?: string }
  | {
      ran: true;
      /** Where the dry runs read the cluster (the kubeconfig input's context), or why not. */
      cluster: string;
      byPath: Record<string, PreviewOutput[]>;
      sha: string;
      runUrl?: string;
    };

/** Cut at a line within `limit` characters; `cut` when something was left out. */
function cutText(text: string, limit: number): { text: string; cut: number } {
  if (text.length <= limit) return { text, cut: 0 };
  const lines = text.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (size + l.length + 1 > limit) break;
    kept.push(l);
    size += l.length + 1;
  }
  return { text: kept.join('\n'), cut: lines.length - kept.length };
}

function previewBlock(p: PreviewOutput, limit: number, whole: string): string[] {
  const status = p.problem ? ` — ${p.problem}` : '';
  const lines = [`<details><summary>${escapeHtml(p.title)}${escapeHtml(status)}</summary>`, ''];
  if (p.text) {
    const { text, cut } = cutText(p.text, limit);
    lines.push(fenced(text, p.kind === 'dry-run' ? 'diff' : 'text'));
    if (cut) lines.push('', `… ${cut} more line(s): the whole output is in ${whole}.`);
  } else lines.push(p.problem ? '_No output._' : '_No output: nothing to show._');
  lines.push('', '</details>');
  return lines;
}

/** Text outside a code block: no HTML, and no `@name` that would notify someone (`&#64;` shows as @). */
const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\n/g, ' ');

function requestSection(path: string, outputs: PreviewOutput[], limit: number, whole: string): string {
  return [
    '',
    `#### \`${visiblePath(path)}\``,
    '',
    ...outputs.flatMap((p) => [...previewBlock(p, limit, whole), '']),
  ].join('\n');
}

/** The job summary's share of GitHub's 1 MiB; past it, the run's log has the whole outputs. */
export const PREVIEW_SUMMARY_LIMIT = 900_000;
export const WHOLE_PREVIEW_GROUP = 'intentops: the whole previews';

/**
 * The preview comment, or with `summary` the job summary (every output whole, up to its own limit).
 * Over the limit, whole request sections are left out and the note says where the rest is.
 */
export function renderPreviewComment(input: PreviewCommentInput, summary = false): string {
  const limit = summary ? PREVIEW_SUMMARY_LIMIT : LIMIT;
  const whole = summary
    ? `this run's log (the group "${WHOLE_PREVIEW_GROUP}")`
    : input.runUrl
      ? `the [job summary](${input.runUrl})`
      : "the job summary (the run's Summary page)";
  const tail = `${input.runUrl ? `\n<sub>[workflow run](${input.runUrl})</sub>\n` : ''}\n${PREVIEW_MARKER}\n`;
  if (!input.ran)
    return `## intentops preview — not made\n\n${input.why}\n\nThe plan comment still shows what would run.${tail}`;
  const paths = Object.keys(input.byPath).sort();
  const count = paths.reduce((n, p) => n + (input.byPath[p]?.length ?? 0), 0);
  const head = [
    `## intentops preview — ${count} preview(s) of ${paths.length} request(s)`,
    '',
    `Read-only, at ${input.sha.slice(0, 7)}: ${input.cluster}. Dry runs are server-side applies with \`dryRun=All\` (nothing is stored); Secrets are never shown; output is redacted.`,
  ];
  if (paths.length === 0)
    head.push('', 'No changed request has a preview or applies manifests from the repository.');
  const outputLimit = summary ? limit : OUTPUT_LIMIT;
  let body = head.join('\n');
  let left = 0;
  for (const path of paths) {
    const section = requestSection(path, input.byPath[path] ?? [], outputLimit, whole);
    if (body.length + section.length + tail.length + 400 > limit) {
      left++;
      continue;
    }
    body += `\n${section}`;
  }
  if (left)
    body += `\n\n> [!NOTE]\n> The previews of ${left} request(s) do not fit in one comment: all are in ${whole}.`;
  return `${body}\n${tail}`;
}
