import type { DeliveryMetrics } from '../metrics/delivery.js';
import { COLUMNS, cells, claimNote, localText, mismatchText, restoredText, span } from '../metrics/render.js';
import { html, type SafeHtml } from './html.js';
import { tableBox } from './layout.js';

// The report's delivery metrics: humans' changes beside the agents', per scope, then the failed
// changes. Every value goes through `html`, so record text cannot become markup.

export function deliverySection(m: DeliveryMetrics): SafeHtml {
  const scopes = [
    { scope: 'all', side: m.overall },
    ...m.by_intent.map((r) => ({ scope: `intent ${r.intent}`, side: r })),
    ...m.by_target.map((r) => ({ scope: `target ${r.target}`, side: r })),
  ];
  const rows = scopes.flatMap(({ scope, side }) =>
    (['human', 'agent'] as const)
      .filter((k) => scope === 'all' || side[k].deployments > 0)
      .map(
        (k) =>
          html`<tr><td>${scope}</td><td>${k}s</td>${cells(side[k]).map((c) => html`<td>${c}</td>`)}</tr>\n`,
      ),
  );
  const failed = m.failures
    .slice(-20)
    .reverse()
    .map(
      (f) =>
        html`<li><code>${f.execution}</code> ${f.intent}${f.target ? ` ${f.target}` : ''} (${f.kind}${claimNote(f)}): ${f.reasons.join(', ').replace(/_/g, ' ')} — ${restoredText(f)}</li>\n`,
    );
  return html`<section id="delivery-metrics">
<p class="muted">${m.since.slice(0, 10)} → ${m.until.slice(0, 10)}. A change failed when it failed, was rolled back, failed its bake, or caused an incident within ${span(m.attribution_window_s)} after it; "–" is no data. ${m.notes.join('. ')}.</p>
${tableBox(
  'delivery metrics',
  html`<table><thead><tr><th>scope</th><th>proposer</th>${COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${rows}</tbody></table>`,
)}
${m.local ? html`<p class="muted">${localText(m.local)}.</p>` : ''}
${failed.length ? html`<p>Failed changes (${m.failures.length}):</p><ul>${failed}</ul>` : ''}
${m.mismatches.length ? html`<p class="warn">${mismatchText(m.mismatches)}</p>` : ''}
</section>`;
}
