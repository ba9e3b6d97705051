import type { ReportModel } from './model.js';

// What each chart on the index page draws, as plain data. The browser script (client-script.ts)
// turns each into a Chart.js configuration; the tests read the same data back from the page.

export interface ChartSpec {
  id: string;
  title: string;
  type: 'bar' | 'line' | 'doughnut';
  labels: string[];
  /** color: an index into the page's palette (0 blue, 1 green, 2 red, 3 amber, 4 purple, 7 grey); default the dataset's. */
  datasets: {
    label: string;
    data: (number | null)[];
    kind?: 'bar' | 'line';
    color?: number;
    /** Per bar: a palette index each (e.g. red for a 0% bar). */
    colors?: number[];
    /** Bars at 0 drawn this many pixels high, so a zero is seen (a null stays no bar). */
    minBarLength?: number;
  }[];
  /** x labels are points in time: drawn horizontal, thinned so none overlaps. */
  timeAxis?: boolean;
  xTitle?: string;
  /** Per label: the tooltip's title (the whole timestamp, the execution). */
  tooltips?: string[];
  stacked?: boolean;
  /** y axis as a percentage 0..100. */
  percent?: boolean;
  /** y values are counts: whole-number ticks. */
  counts?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Dec 2 14:05" (UTC): what a person reads on an axis, short enough to fit many. */
export function timeLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hh}:${mm}`;
}

export function chartSpecs(m: ReportModel): ChartSpec[] {
  const specs: ChartSpec[] = [
    {
      id: 'executions-per-day',
      title: 'Executions per intent per day',
      type: 'bar',
      stacked: true,
      counts: true,
      labels: m.perDay.days,
      datasets: m.perDay.series.map((s) => ({ label: s.intent, data: s.counts })),
    },
    {
      id: 'success-rate',
      title: 'Success rate by intent (denied runs excluded)',
      type: 'bar',
      percent: true,
      // No data (only denied runs) is no bar and says so in its label; 0% is a red stub.
      labels: m.intents.map((i) => (i.successRate === null ? `${i.intent} (no data)` : i.intent)),
      datasets: [
        {
          label: 'success %',
          data: m.intents.map((i) => (i.successRate === null ? null : Math.round(i.successRate * 1000) / 10)),
          colors: m.intents.map((i) => (i.successRate === 0 ? 2 : 1)),
          minBarLength: 4,
        },
      ],
    },
    {
      id: 'durations',
      title: 'Duration against expected_duration (seconds)',
      type: 'bar',
      timeAxis: true,
      xTitle: 'started (UTC)',
      labels: m.executions.map((e) => timeLabel(e.timestamp)),
      tooltips: m.executions.map((e) => `${e.timestamp} ${e.intent} (${e.id})`),
      datasets: [
        { label: 'duration', data: m.executions.map((e) => e.durationS), kind: 'bar' },
        { label: 'expected', data: m.executions.map((e) => e.expectedS), kind: 'line' },
      ],
    },
    {
      id: 'anomalies-by-rule',
      title: 'Anomalies by rule',
      type: 'bar',
      counts: true,
      labels: m.anomaliesByRule.map((a) => `${a.rule} (${a.severity})`),
      datasets: [{ label: 'anomalies', data: m.anomaliesByRule.map((a) => a.count) }],
    },
    {
      id: 'incidents',
      title: 'Incident drafts vs filed',
      type: 'doughnut',
      labels: ['drafts', 'filed'],
      datasets: [{ label: 'incidents', data: [m.incidents.drafts, m.incidents.filed] }],
    },
  ];
  const baked = m.executions.filter((e) => e.bake);
  if (baked.length) {
    const intents = [...new Set(baked.map((e) => e.intent))].sort();
    // pass green, fail red, inconclusive amber, superseded grey, cancelled purple.
    const verdicts = [
      ['pass', 1],
      ['fail', 2],
      ['inconclusive', 3],
      ['superseded', 7],
      ['cancelled', 4],
    ] as const;
    specs.push({
      id: 'bake-verdicts',
      title: 'Bakes after the run, by verdict',
      type: 'bar',
      stacked: true,
      counts: true,
      labels: intents,
      datasets: verdicts.map(([v, color]) => ({
        label: v,
        color,
        data: intents.map((i) => baked.filter((e) => e.intent === i && e.bake === v).length),
      })),
    });
  }
  const rollbacks = m.executions.filter((e) => e.rollbackOf);
  if (rollbacks.length) {
    const intents = [...new Set(rollbacks.map((e) => e.intent))].sort();
    specs.push({
      id: 'rollbacks',
      title: 'Rollbacks by intent: run by the policy or asked for',
      type: 'bar',
      stacked: true,
      counts: true,
      labels: intents,
      datasets: (
        [
          ['auto', 'automatic (policy)', 2],
          ['ask', 'asked (/rollback)', 3],
        ] as const
      ).map(([mode, label, color]) => ({
        label,
        color,
        // A rollback record without its decision (older records) counts as asked: a person ran it.
        data: intents.map(
          (i) => rollbacks.filter((e) => e.intent === i && (e.rollbackMode ?? 'ask') === mode).length,
        ),
      })),
    });
  }
  if (m.suggestions.present) {
    specs.push({
      id: 'suggestions',
      title: 'Suggestions by outcome',
      type: 'bar',
      counts: true,
      labels: ['open', 'accepted', 'rejected', ...(m.suggestions.byState.local ? ['local'] : [])],
      datasets: [
        {
          label: 'suggestions',
          data: [
            m.suggestions.byState.open,
            m.suggestions.byState.accepted,
            m.suggestions.byState.rejected,
            ...(m.suggestions.byState.local ? [m.suggestions.byState.local] : []),
          ],
        },
      ],
    });
  }
  return specs;
}
