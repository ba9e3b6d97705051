import type { PreviewReport } from './previews-from-env.js';

// The previews on the terminal (`intentops plan`): where they read the cluster, then each output
// indented under its title. The texts are already redacted (runPreviews).

const indent = (text: string) =>
  text
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => `    ${l}`);

/** The lines of one request's previews; none when it has nothing to preview. */
export function formatPreviews(report: PreviewReport, path: string): string[] {
  if (!report.ran) return [`previews: none ran — ${report.why}`];
  const outputs = report.byPath[path];
  if (!outputs?.length) return [];
  const lines = [`previews (read-only, ${report.cluster}):`];
  for (const p of outputs) {
    lines.push(`  ${p.title}${p.problem ? ` — ${p.problem}` : ''}`);
    if (p.text) lines.push(...indent(p.text));
  }
  return lines;
}
