import { html, type SafeHtml, safeHref } from './html.js';
import { tableBox } from './layout.js';
import { type RepoLinks, repoHref } from './links.js';
import { type ExecutionRow, executionPage, type ReportModel } from './model.js';

// The top of the index page, for people who look for trouble: what went wrong (newest first, with
// why), then the incidents, open ones first. The successful history comes after.

/** "bake fail — reason", "rolled back by x": what happened after the run, as a table cell. */
export function afterRun(e: ExecutionRow): SafeHtml {
  const parts: SafeHtml[] = [];
  if (e.bake)
    parts.push(
      html`<span class="${e.bake === 'pass' ? 'pass' : e.bake === 'fail' ? 'fail' : 'muted'}">bake ${e.bake}</span>${e.bake !== 'pass' && e.bakeReason ? html` <span class="muted">— ${e.bakeReason}</span>` : ''}`,
    );
  if (e.rolledBackBy)
    parts.push(
      html`<span class="warn">rolled back by <a href="${safeHref(executionPage(e.rolledBackBy))}">${e.rolledBackBy}</a></span>`,
    );
  if (e.rollbackOf)
    parts.push(
      html`rollback of <a href="${safeHref(executionPage(e.rollbackOf))}">${e.rollbackOf}</a>${e.rollbackMode ? ` (${e.rollbackMode})` : ''}`,
    );
  return parts.length ? html`${parts.map((p, i) => html`${i ? html`<br>` : ''}${p}`)}` : html`—`;
}

export function statusCell(e: ExecutionRow): SafeHtml {
  return html`<td class="${e.status}">${e.status}${e.statusReason ? html` <span class="reason">— ${e.statusReason}</span>` : ''}</td>`;
}

function failures(m: ReportModel): SafeHtml {
  if (m.attention.length === 0)
    return html`<p class="pass">Nothing failed, was rolled back or failed its bake in this period.</p>`;
  return tableBox(
    'executions that need attention',
    html`<table><thead><tr><th>time</th><th>execution</th><th>intent</th><th>target</th><th>status</th><th>after the run</th></tr></thead><tbody>
${m.attention.map(
  (e) =>
    html`<tr><td>${e.timestamp}</td><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.intent}</td><td>${e.target ?? '—'}${e.environment ? ` in ${e.environment}` : ''}</td>${statusCell(e)}<td>${afterRun(e)}</td></tr>\n`,
)}</tbody></table>`,
  );
}

function incidents(m: ReportModel, links: RepoLinks): SafeHtml {
  const counts = html`<p class="muted">${m.incidents.drafts} draft(s) (incidents/drafts and incident issues), ${m.incidents.filed} filed (incidents/filed).</p>`;
  if (m.incidentList.length === 0) return html`<p class="muted">No incidents in this period.</p>${counts}`;
  return html`${tableBox(
    'incidents',
    html`<table><thead><tr><th>incident</th><th>severity</th><th>occurrences</th><th>state</th><th>link</th></tr></thead><tbody>
${m.incidentList.map((i) => {
  const issue = /^https:/.test(i.link);
  return html`<tr><td>${i.title}</td><td class="sev-${i.severity}">${i.severity}</td><td>${i.occurrences}</td><td class="${i.open ? 'fail' : 'muted'}">${i.open ? 'open' : 'closed'}</td><td><a href="${repoHref(links, i.link)}">${issue ? i.link.replace(/^https:\/\/github\.com\/[^/]+\/[^/]+\/issues\//, 'issue #') : i.link.replace(/^(\.\.\/)+/, '')}</a></td></tr>\n`;
})}</tbody></table>`,
  )}${counts}`;
}

export function troubleSection(m: ReportModel, links: RepoLinks): SafeHtml {
  const open = m.incidentList.filter((i) => i.open).length;
  return html`<section id="attention">
<h2>Needs attention: ${m.attention.length} execution(s), ${open} open incident(s)</h2>
${failures(m)}
</section>
<section id="incidents">
<h2>Incidents</h2>
${incidents(m, links)}
</section>`;
}
