import { DEFAULT_METRICS_DAYS, readDeliveryMetrics } from '../app/audit/delivery-metrics.js';
import { scorecardRows } from '../app/report/scorecard-github.js';
import { metricsText } from '../domain/metrics/render.js';
import { scorecardJson, scorecardText } from '../domain/metrics/scorecard-render.js';
import { durationFlag, sinceDate } from './duration-flag.js';
import { githubFromEnv } from './github-env.js';
import type { GlobalOptions } from './main.js';

// `intentops metrics [--since 30d] [--window 24h] [--json]`: the scorecard (the seed's success
// criteria) first, then delivery metrics from the records, humans' changes beside the agents'.
// With GITHUB_TOKEN and GITHUB_REPOSITORY the incident issues are read, and hand-opened ones that
// name an execution or a target are offered the bot's context; without, that row says so.

export async function metricsCommand(
  g: GlobalOptions,
  o: { since?: string; window?: string },
): Promise<number> {
  const now = new Date();
  const since = sinceDate(o.since ?? `${DEFAULT_METRICS_DAYS}d`, now) as Date;
  const windowS = o.window === undefined ? undefined : durationFlag('--window', o.window, '24h or 2d');
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const gh = await githubFromEnv(process.env, log);
  const [{ metrics, skipped }, card] = await Promise.all([
    readDeliveryMetrics({
      repoDir: g.repo,
      now,
      since,
      ...(windowS !== undefined ? { windowMs: windowS * 1000 } : {}),
    }),
    scorecardRows({
      repoDir: g.repo,
      since,
      now,
      github: gh ? { github: gh.github, owner: gh.owner, repo: gh.repo, log, offer: true } : undefined,
    }),
  ]);
  for (const s of skipped) process.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
  process.stdout.write(
    g.json
      ? `${JSON.stringify({ scorecard: scorecardJson(card), ...metrics, skipped }, null, 2)}\n`
      : `${scorecardText(card)}\n\n${metricsText(metrics)}\n`,
  );
  return 0;
}
