import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import { followUpRecord } from '../records/bake-record.js';
import type { Anomaly, Observation } from '../schemas/record.js';
import { draftFingerprint, draftSections, draftTitle, ruleInWords } from './incident-draft.js';
import { fingerprintOf, occurrenceComment, targetKey } from './incident-issue.js';

describe('incident titles name the rule in words', () => {
  it('says "unexpected" before a thing that happened, not before a sentence', () => {
    expect(ruleInWords('memory_spike')).toBe('unexpected memory spike');
    expect(ruleInWords('unexpected_restart')).toBe('unexpected restart');
    expect(ruleInWords('error-rate-increase')).toBe('unexpected error rate increase');
    // Rule names that already read as a statement stay one.
    expect(ruleInWords('log_dir_grew')).toBe('log dir grew');
    expect(ruleInWords('disk_filled_up')).toBe('disk filled up');
    expect(ruleInWords('slow_deployment')).toBe('slow deployment');
    expect(ruleInWords('high_latency')).toBe('high latency');
    expect(ruleInWords('pods_not_ready')).toBe('pods not ready');
    expect(ruleInWords('backup_missing')).toBe('backup missing');
  });
});

describe('incident fingerprints: one incident per environment', () => {
  const anomaly = { rule: 'memory_spike', severity: 'P2', action: 'create_incident_draft' } as Anomaly;

  it('without an environment, the fingerprint of before environments existed; staging and production differ', () => {
    const before = createHash('sha256').update('work\u0000memory_spike\u0000web').digest('hex').slice(0, 16);
    expect(fingerprintOf(makeRecord(), anomaly)).toBe(before);
    expect(draftFingerprint('work', 'memory_spike', 'web')).toBe(before);
    const staging = fingerprintOf(makeRecord({ environment: 'staging' }), anomaly);
    const production = fingerprintOf(makeRecord({ environment: 'production' }), anomaly);
    expect(new Set([before, staging, production]).size).toBe(3);
    expect(targetKey(makeRecord({ environment: 'staging' }))).not.toBe(
      targetKey(makeRecord({ environment: 'production' })),
    );
  });
});

describe('incident titles name the environment where the target is named', () => {
  it('"Work web in production: …" for a record with an environment, as before without one', () => {
    const anomaly: Anomaly = {
      rule: 'memory_spike',
      severity: 'P2',
      action: 'create_incident_draft',
      condition: 'true',
      rules_file: 'intents/anomaly-rules/default.yaml',
    } as Anomaly;
    const withEnv = makeRecord({ environment: 'production', anomalies: [anomaly] });
    expect(draftTitle(withEnv, anomaly)).toBe('Work web in production: unexpected memory spike');
    expect(draftTitle(makeRecord({ anomalies: [anomaly] }), anomaly)).toBe(
      'Work web: unexpected memory spike',
    );
  });
});

describe("a bake's follow-up draft tells the bake's own times", () => {
  const run = makeRecord({ timestamp: '2026-01-01T12:00:00.000Z', duration: '12.5s' });
  const anomaly: Anomaly = {
    rule: 'restarts_in_bake',
    severity: 'P2',
    action: 'create_incident_draft',
    condition: 'pod_restarts_after > 3',
    rules_file: 'intents/anomaly-rules/default.yaml',
    inputs: { pod_restarts_after: 5 },
  };
  const observation: Observation = {
    verdict: 'fail',
    reason: "anomaly rule 'restarts_in_bake' (P2) fired",
    for: '600s',
    interval: '30s',
    expected_samples: 20,
    run_status: 'success',
    started: '2026-01-01T12:00:13.000Z',
    ended: '2026-01-01T12:07:53.000Z',
    samples: [
      {
        at: '2026-01-01T12:07:53.000Z',
        snapshot: { pod_restarts: 5 },
        indicators: [],
        anomalies: [{ rule: anomaly.rule, severity: 'P2', action: 'create_incident_draft' }],
      },
    ],
    first_seen: [
      {
        what: 'rule:restarts_in_bake',
        severity: 'P2',
        at: '2026-01-01T12:07:53.000Z',
        after_run: '7 m 40 s',
        after_run_ms: 460_000,
      },
    ],
  };
  const followUp = {
    ...followUpRecord({
      execution: run,
      observation,
      rules: [],
      toolVersion: 't',
      catalogDigest: 'sha256:0',
      prevDigest: run.digest,
    }),
    anomalies: [anomaly],
    drafts: [],
  };
  const timeline =
    draftSections({ record: followUp, anomaly, recordRef: 'r' }).find((s) => s.id === 'timeline')?.markdown ??
    '';

  it('the bake started when it started, not when it ended', () => {
    expect(timeline).toContain(
      `- 12:00:13 — bake \`${followUp.id}\` of execution \`${run.id}\` started (work, for 600s every 30s)`,
    );
    expect(timeline).not.toMatch(/12:07:53 — [^\n]*started/);
  });

  it("ends with the bake's end and its own duration, not the run's", () => {
    expect(timeline).toContain('- 12:07:53 — bake ended: **failed** after 460s (1 of 20 snapshots)');
    expect(timeline).toContain(
      '- 12:07:53 — `rule:restarts_in_bake` (P2) first seen, 7 m 40 s after the run ended',
    );
    expect(timeline).not.toContain('12.5s');
  });

  it('a repeat on the incident issue says the same', () => {
    const text = occurrenceComment({ record: followUp, anomaly, recordUrl: 'https://example.test/r' });
    expect(text).toContain(
      `**Occurred again** in the bake [\`${followUp.id}\`](https://example.test/r) of execution \`${run.id}\`, 2026-01-01T12:00:13.000Z to 2026-01-01T12:07:53.000Z — status **failed** after 460s.`,
    );
    expect(text).not.toContain('12.5s');
  });
});
