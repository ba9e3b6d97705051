import { kindOf } from '../../domain/plan/live-state.js';
import type { LiveReport, RequestLive } from './live-state.js';

// The live state as lines of text, the same under a request in the plan comment and on the terminal.
// Event messages are left out: they are the cluster's words, and the comment is public on the PR.

const MAX_LINE = 300;
const cut = (s: string) => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);

function kubeLines(live: RequestLive): string[] {
  const k = live.kube;
  if (!k) return [];
  if ('error' in k) return [`cluster: could not read it — ${k.error}`];
  if (k.workloads.length === 0)
    return [`cluster: no workload matches ${k.selector || '(no selector)'} in ${k.namespace}`];
  const lines = k.workloads.map(
    (w) =>
      `${kindOf(w)} ${w.namespace}/${w.name}: ${w.images.join(', ') || '(no image)'} (generation ${w.generation})`,
  );
  // restartCount has no history: the last hour is what the containers' last terminations say.
  lines.push(
    `replicas ready ${k.ready}/${k.desired}; containers restarted in the last hour: ${k.restartsLastHour} (${k.restarts} restart(s) since their pods started)`,
  );
  if (k.events.length === 0) lines.push('warning events: none');
  for (const e of k.events)
    lines.push(
      `warning event: ${e.reason} on ${e.object} ×${e.count}${e.lastSeen ? ` (last ${e.lastSeen})` : ''}`,
    );
  return lines;
}

/** The lines of one request's live state; the first says where it was read from, or why not. */
export function formatLive(report: LiveReport, path: string): string[] {
  const live = report.byPath[path];
  if (!live) return [];
  const head = !live.capturesKube
    ? 'live state:'
    : report.looked
      ? `live state (read-only, ${report.from}):`
      : `live state: the cluster was not read — ${report.why}`;
  const lines = [head, ...kubeLines(live)];
  for (const [name, v] of Object.entries(live.metrics ?? {}))
    lines.push(`metric ${name}: ${v === null ? 'no data' : String(v)}`);
  lines.push(
    live.last
      ? `last execution on this target: ${live.last.id} — ${live.last.status}${live.last.bake ? `, bake ${live.last.bake}` : ', no bake recorded'} (${live.last.timestamp})`
      : 'last execution on this target: none recorded',
  );
  lines.push(
    live.incidents.length
      ? `open incidents on this target: ${live.incidents.map((i) => `${i.title} (${i.where})`).join('; ')}`
      : 'open incidents on this target: none',
  );
  return lines.map(cut);
}

/** The kinds the identity may not list, once for all requests (never a failure); undefined when none. */
export function unlistedNote(report: LiveReport): string | undefined {
  if (!report.looked || !report.unlisted?.length) return undefined;
  return `not listed (the credentials may not list them, so their workloads are not shown): ${report.unlisted.join(', ')}`;
}
