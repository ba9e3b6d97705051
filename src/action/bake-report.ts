import * as core from '../adapters/actions-runner.js';
import type { Observation } from '../domain/schemas/record.js';
import { cell, icon, incidentLink } from './summary.js';

// What a bake shows while it runs and when it ends: the job summary (a file on the runner, rewritten
// at every snapshot) and one sticky comment on the request's PR (written at the start and the end
// only: no GitHub call while the bake runs and nothing is wrong).

export function bakeMarker(id: string): string {
  return `<!-- intentops:bake=${id} -->`;
}

export interface BakeView {
  id: string;
  /** "baking: 4 of 10 min, no anomalies so far" */
  progress: string;
  verdict?: Pick<Observation, 'verdict' | 'reason' | 'first_seen'>;
  recordUrl?: string;
  runUrl?: string | undefined;
  /** The incidents the bake opened (issue URLs or draft paths), linked by name. */
  incidents?: string[];
  /** For the incident links' draft paths. */
  where?: { serverUrl: string; owner: string; repo: string };
}

/** What a person does once the bake has a verdict. */
function next(verdict: string, id: string, incidents: number): string {
  switch (verdict) {
    case 'pass':
      return 'Next: nothing — the change held through the bake.';
    case 'fail':
      return `Next: read ${incidents === 1 ? 'the incident' : incidents ? 'the incidents' : 'the follow-up record'}; to undo the change, comment \`/rollback ${id}\` on ${incidents ? 'the incident' : 'an incident issue'}, or revert this pull request.`;
    case 'inconclusive':
      return 'Next: the bake could not judge (above): check the target by hand.';
    case 'cancelled':
      return 'Next: the bake stopped before a verdict; re-run the bake workflow if the change still needs watching.';
    case 'superseded':
      return 'Next: nothing — a newer run on the same target is watched instead.';
    default:
      return '';
  }
}

const VERDICT_ICON: Record<string, string> = {
  inconclusive: '❔',
  superseded: '⏭️',
  cancelled: '⏹️',
};

function lines(v: BakeView): string[] {
  const head = v.verdict
    ? `${VERDICT_ICON[v.verdict.verdict] ?? icon(v.verdict.verdict)} **bake ${v.verdict.verdict}** of \`${v.id}\`: ${cell(v.verdict.reason)}`
    : `◷ **${cell(v.progress)}** (\`${v.id}\`)`;
  const seen = (v.verdict?.first_seen ?? []).map(
    (f) => `- ${cell(f.what)} (${f.severity}) appeared ${f.after_run} after the run ended`,
  );
  const incidents = (v.incidents ?? []).map((p) =>
    incidentLink(v.where ?? { serverUrl: '', owner: '', repo: '' }, p),
  );
  const links = [
    ...(incidents.length ? [`opened ${incidents.join(', ')}`] : []),
    v.recordUrl ? `[follow-up record](${v.recordUrl})` : '',
    v.runUrl ? `[bake run](${v.runUrl})` : '',
  ].filter(Boolean);
  return [
    head,
    // After the verdict the progress line is stale: the verdict and its reason replace it.
    ...seen,
    links.join(' · '),
    v.verdict ? next(v.verdict.verdict, v.id, incidents.length) : '',
  ].filter(Boolean);
}

export function bakeComment(v: BakeView): string {
  return `${lines(v).join('\n\n')}\n\n${bakeMarker(v.id)}\n`;
}

/** Rewrites this step's summary: the latest line only, never a growing log. */
export async function bakeSummary(v: BakeView): Promise<void> {
  try {
    await core.summary
      .emptyBuffer()
      .addRaw(`### intentops bake\n\n${lines(v).join('\n\n')}\n`, true)
      .write({
        overwrite: true,
      });
  } catch (err) {
    core.info(`no job summary written: ${(err as Error).message}`);
  }
}
