import * as core from '@actions/core';
import type { Observation } from '../domain/schemas/record.js';
import { cell, icon } from './summary.js';

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
  const links = [
    v.recordUrl ? `[follow-up record](${v.recordUrl})` : '',
    v.runUrl ? `[bake run](${v.runUrl})` : '',
  ].filter(Boolean);
  return [
    head,
    ...(v.verdict && v.progress ? [`Last: ${cell(v.progress)}`] : []),
    ...seen,
    links.join(' · '),
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
