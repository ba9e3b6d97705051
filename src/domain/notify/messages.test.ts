import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import { draftFingerprint } from '../incidents/incident-draft.js';
import { botMetrics } from './bot-metrics.js';
import { alerting, grafanaAnnotation, pagerDutyEvent, runSpan, slackMessage } from './messages.js';

const P1 = {
  rule: 'oom',
  severity: 'P1' as const,
  action: 'create_incident_draft' as const,
  condition: 'pod_restarts_after > pod_restarts_before',
  rules_file: 'intents/anomaly-rules/default.yaml',
  inputs: { pod_restarts_after: 3, pod_restarts_before: 0 },
};

describe('after-run messages', () => {
  it('annotates the run as a time region tagged with intent and status', () => {
    const r = makeRecord({ duration: '12.5s' });
    expect(runSpan(r)).toEqual({ time: Date.parse(r.timestamp), timeEnd: Date.parse(r.timestamp) + 12_500 });
    const a = grafanaAnnotation(r, { record: 'https://x/r.yaml' }, 'dash1');
    expect(a).toMatchObject({
      dashboardUID: 'dash1',
      tags: ['intentops', 'intent:work', 'status:success'],
    });
    expect(a.text).toContain('memory_spike (P2)');
    expect(grafanaAnnotation(r, {})).not.toHaveProperty('dashboardUID');
  });

  it('builds a PagerDuty v2 trigger whose dedup_key is the incident fingerprint', () => {
    const r = makeRecord({ anomalies: [P1] });
    const e = pagerDutyEvent(r, P1, 'KEY', {
      record: 'https://github.com/o/r/blob/HEAD/x.yaml',
      run: 'file:///no',
    });
    expect(e).toMatchObject({
      routing_key: 'KEY',
      event_action: 'trigger',
      dedup_key: draftFingerprint('work', 'oom', 'web'),
      payload: { severity: 'critical', source: 'web', component: 'work', class: 'oom' },
    });
    expect(e.payload.summary).toBe('work web: anomaly oom (P1)');
    expect(e.links).toEqual([
      { href: 'https://github.com/o/r/blob/HEAD/x.yaml', text: `execution record ${r.id}` },
    ]);
  });

  it('selects anomalies by severity and escapes Slack control characters', () => {
    const evil = { ...P1, rule: 'x', inputs: { line: '<!channel> & <https://evil|click>' } };
    const r = makeRecord({ anomalies: [evil, { ...P1, severity: 'P3' }] });
    const sel = alerting(r, ['P1', 'P2']);
    expect(sel).toHaveLength(1);
    const m = slackMessage(r, sel, { record: 'https://x/y' });
    expect(m.text).not.toContain('<!channel>');
    expect(m.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil|click&gt;');
    expect(m.text).toContain('<https://x/y|record>');
  });
});

describe('bot metrics', () => {
  it('counts executions, failures and anomalies; the latest run per intent gives the last figures', () => {
    const samples = botMetrics([
      makeRecord({ id: 'a', status: 'failed', duration: '5s', timestamp: '2026-01-01T00:00:00.000Z' }),
      makeRecord({ id: 'b', status: 'success', duration: '7s', timestamp: '2026-01-02T00:00:00.000Z' }),
    ]);
    const get = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
    expect(get('intentops_executions', { intent: 'work', status: 'failed' })).toBe(1);
    expect(get('intentops_executions', { intent: 'work', status: 'success' })).toBe(1);
    expect(get('intentops_failures', { intent: 'work' })).toBe(1);
    expect(get('intentops_anomalies', { intent: 'work', rule: 'memory_spike', severity: 'P2' })).toBe(2);
    expect(get('intentops_last_duration_seconds', { intent: 'work' })).toBe(7);
    expect(get('intentops_expected_duration_seconds', { intent: 'work' })).toBe(30);
    expect(get('intentops_last_success', { intent: 'work' })).toBe(1);
  });

  it('says 0 failures for an intent that ran without any, rather than nothing', () => {
    // A missing series reads as "No data" on the dashboard's Failures panel, not as 0.
    const samples = botMetrics([
      makeRecord({ id: 'a', status: 'success', intent: 'work' }),
      makeRecord({ id: 'b', status: 'failed', intent: 'deploy' }),
    ]);
    const failures = samples.filter((s) => s.name === 'intentops_failures');
    expect(failures).toEqual([
      { name: 'intentops_failures', labels: { intent: 'work' }, value: 0 },
      { name: 'intentops_failures', labels: { intent: 'deploy' }, value: 1 },
    ]);
  });
});
