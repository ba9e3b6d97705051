import { type ScoreRow, thresholdText, valueText } from '../metrics/scorecard.js';
import { html, type SafeHtml } from './html.js';
import { tableBox } from './layout.js';

// The report's first section: the seed's five success criteria with value, threshold and result,
// then what is behind a failing row. Every value goes through `html`, so record text cannot become markup.

const MAX_LISTED = 10;

export function scorecardSection(rows: readonly ScoreRow[]): SafeHtml {
  const body = rows.map(
    (r) =>
      html`<tr><td>${r.criterion}</td><td>${r.seed}</td><td>${valueText(r)}</td><td>${thresholdText(r)}</td><td class="${r.pass ? 'pass' : 'fail'}">${r.pass ? (r.value === null ? 'n/a' : 'pass') : 'fail'}</td><td>${r.detail}</td></tr>\n`,
  );
  const more = rows.flatMap((r) => [
    ...r.notes.map((n) => html`<li>${r.criterion}: ${n}</li>\n`),
    ...r.behind
      .slice(0, MAX_LISTED)
      .map((b) => html`<li>${r.criterion} behind: <code>${b.id}</code> — ${b.why}</li>\n`),
    ...(r.behind.length > MAX_LISTED
      ? [html`<li>${r.criterion}: … and ${r.behind.length - MAX_LISTED} more</li>\n`]
      : []),
  ]);
  return html`<section id="scorecard">
<h2>Scorecard</h2>
${tableBox(
  'scorecard',
  html`<table><thead><tr><th>criterion</th><th>seed</th><th>value</th><th>threshold</th><th>result</th><th>measured</th></tr></thead><tbody>
${body}</tbody></table>`,
)}
${more.length ? html`<ul class="muted">${more}</ul>` : ''}
</section>`;
}
