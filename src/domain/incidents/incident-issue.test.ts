import { describe, expect, it } from 'vitest';
import { scanFences } from '../bot/bot-markers.js';
import type { Anomaly, UnsignedRecord } from '../schemas/record.js';
import { draftFingerprint } from './incident-draft.js';
import { fingerprintIn } from './incident-filing.js';
import {
  executionMarker,
  fingerprintMarker,
  fingerprintOf,
  GITHUB_BODY_LIMIT,
  issueBody,
  issueLabels,
  issueTitle,
  LABEL_NAME_MAX,
  labelName,
  labelStyle,
  markedExecution,
  markedExecutions,
  occurrenceComment,
  targetKey,
  truncateBody,
  unfilledHumanSections,
} from './incident-issue.js';

const anomaly: Anomaly = {
  rule: 'unexpected_restart',
  severity: 'P2',
  action: 'create_incident_draft',
  condition: 'after.pod_restarts > before.pod_restarts',
  rules_file: 'catalog/anomaly-rules.yaml',
  inputs: { 'before.pod_restarts': 0, 'after.pod_restarts': 2 },
};

function record(overrides: Partial<UnsignedRecord> = {}): UnsignedRecord {
  return {
    id: 'exec-20260101-100000-home-portal-aaaaaa',
    timestamp: '2026-01-01T10:00:00.000Z',
    intent: 'deploy-app',
    params: { app: 'home-portal', version: '1.2.3' },
    request: { path: 'intents/requests/r.yaml', commit: 'abc', reason: 'r' },
    before: { pod_restarts: 0, metrics: { memory_mb: 30 } },
    commands_run: [
      { step: 'rollout', cmd: 'kubectl rollout status deploy/home-portal', exit_code: 0, duration: '2s' },
    ],
    after: { pod_restarts: 2, metrics: { memory_mb: 55 } },
    outcome_checks: { pods_ready: 'pass' },
    checks: [],
    failure_indicators: [
      { pattern: 'OOMKilled', severity: 'P2', source: 'check:pods_ready', line: 'OOMKilled' },
    ],
    anomalies: [anomaly],
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: 'success',
    duration: '12s',
    tool: { name: 'intentops', version: 't' },
    catalog_digest: 'sha256:0',
    prev_digest: null,
    ...overrides,
  };
}

/** Every fence closed, every <details> (outside fences) closed. */
function balanced(body: string): boolean {
  const lines = body.split('\n');
  const { fenced, open } = scanFences(lines);
  const outside = lines.filter((_, i) => !fenced[i]).join('\n');
  const opened = (outside.match(/<details[\s>]/g) ?? []).length;
  return open === null && opened === (outside.match(/<\/details>/g) ?? []).length;
}

const URL = 'https://github.com/acme/gitops/blob/0123abc/executions/2026-01-01/x.yaml';

describe('issueBody', () => {
  it('carries the local draft’s sections, the record link and both hidden markers', () => {
    const r = record();
    const fp = fingerprintOf(r, anomaly);
    expect(fp).toBe(draftFingerprint('deploy-app', 'unexpected_restart', 'home-portal'));
    const body = issueBody({ record: r, anomaly, recordUrl: URL, fingerprint: fp });
    for (const heading of [
      '## Timeline (UTC, 2026-01-01)',
      '## State before',
      '## State after',
      '## Commands',
      '## Failure indicators',
    ])
      expect(body).toContain(`\n${heading}\n`);
    expect(body).toContain(`[record](${URL})`);
    expect(body).toContain('kubectl rollout status deploy/home-portal');
    expect(body).toContain('`OOMKilled` (P2) in `check:pods_ready`');
    expect(body).not.toContain('## Occurrences'); // repeats update a line and comment on GitHub
    expect(body.trimEnd().split('\n').slice(-3)).toEqual([
      fingerprintMarker(fp),
      `<!-- intentops:target=${targetKey(r)} -->`,
      `<!-- intentops:executions=${r.id} -->`,
    ]);
    expect(markedExecutions(body)).toEqual([r.id]);
    expect(unfilledHumanSections(body)).toEqual(['Root cause', 'Lessons learned', 'Action items']);
  });

  it('tells filled human-input sections from placeholders', () => {
    const body = issueBody({ record: record(), anomaly, recordUrl: URL, fingerprint: 'f' })
      .replace('### Root cause\n_to be filled in_', '### Root cause\nThe memory limit was too low.')
      .replace('- [ ] _to be filled in_', '- [ ] Raise the limit to 512Mi');
    expect(unfilledHumanSections(body)).toEqual(['Lessons learned']);
    expect(unfilledHumanSections('no sections at all')).toHaveLength(3);
  });

  it('cuts logs first, oldest lines first, and keeps both states, markers, human input and the link', () => {
    const huge = {
      pod_restarts: 0,
      recent_logs: Array.from({ length: 3000 }, (_, i) => `log line ${i} ${'x'.repeat(40)}`),
    };
    const small = {
      pod_restarts: 2,
      recent_logs: Array.from({ length: 600 }, (_, i) => `after ${i} ${'y'.repeat(40)}`),
    };
    const r = record({ before: huge, after: small });
    const body = issueBody({ record: r, anomaly, recordUrl: URL, fingerprint: 'fp1' });
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toMatch(
      /The [\d,]+ oldest lines were cut to fit GitHub's limit: all 3,000 are in the \[execution record\]\(https:/,
    );
    expect(body).toContain('log line 2999'); // the newest lines stay
    expect(body).not.toContain('log line 0 ');
    expect(body).toContain('after 599');
    // Both states stay whole: logs are cut long before state.
    expect(body).toMatch(/## State before\n<details>[\s\S]*pod_restarts: 0/);
    expect(body).toMatch(/## State after\n<details>[\s\S]*pod_restarts: 2/);
    expect(body).not.toContain('_Cut (');
    expect(body).toContain(fingerprintMarker('fp1'));
    expect(markedExecutions(body)).toEqual([r.id]);
    expect(unfilledHumanSections(body)).toHaveLength(3);
  });

  it('every cut keeps the Markdown balanced, the marker findable and severity first', () => {
    const lines = (n: number, w: number) =>
      Array.from({ length: n }, (_, i) => `${i} ${'`'.repeat(i % 5)}${'w'.repeat(w)}`);
    const sizes = [
      { logs: 100, width: 10, state: 0 },
      { logs: 2000, width: 60, state: 0 },
      { logs: 20_000, width: 30, state: 0 },
      { logs: 10, width: 10, state: 80_000 }, // a state bigger than the limit on its own
      { logs: 5000, width: 40, state: 120_000 },
    ];
    for (const { logs, width, state } of sizes) {
      const big = { pods: 'p'.repeat(state), recent_logs: lines(logs, width) };
      const r = record({ before: { ...big, pod_restarts: 0 }, after: { ...big, pod_restarts: 2 } });
      const body = issueBody({ record: r, anomaly, recordUrl: URL, fingerprint: 'fpX' });
      expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
      expect(balanced(body), `${logs} lines, state ${state}`).toBe(true);
      expect(fingerprintIn(body)).toBe('fpX');
      expect(body.split('\n')[0]).toMatch(/^\*\*P2\*\* · /);
      expect(body.split('\n')[1]).toContain(`\`/rollback ${r.id}\``);
    }
  });

  it('falls back to cutting the text when no whole section is enough, closing an open fence', () => {
    const text = `intro\n\`\`\`yaml\n${'z'.repeat(5000)}\n\`\`\`\n\n## Needs human input\n### Root cause\nx\n\n${fingerprintMarker('f')}\n`;
    const cut = truncateBody(text, 1000, URL);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(balanced(cut)).toBe(true);
    expect(cut).toContain(fingerprintMarker('f'));
    expect(cut).toContain(URL);
    expect(truncateBody('short', 1000)).toBe('short');
  });
});

describe('labels, title, comment', () => {
  it('names the four labels and keeps long names within 50 characters, distinct', () => {
    expect(issueLabels(record(), anomaly)).toEqual([
      'incident-draft',
      'severity:P2',
      'intent:deploy-app',
      'anomaly:unexpected_restart',
    ]);
    const a = labelName('anomaly:', `${'a'.repeat(60)}-one`);
    const b = labelName('anomaly:', `${'a'.repeat(60)}-two`);
    expect([Array.from(a).length, Array.from(b).length]).toEqual([LABEL_NAME_MAX, LABEL_NAME_MAX]);
    expect(a).not.toBe(b);
    expect(Array.from(labelName('intent:', '😀'.repeat(60))).length).toBe(LABEL_NAME_MAX);
    expect(labelName('intent:', 'a,b')).toBe('intent:a-b');
    expect(labelStyle('severity:P1')).toEqual({ color: 'b60205', description: 'Incident severity P1' });
    expect(labelStyle(`intent:${'i'.repeat(200)}`).description.length).toBeLessThanOrEqual(100);
  });

  it('titles like the seed and bounds the length', () => {
    expect(issueTitle(record(), anomaly)).toBe('Deploy home-portal: unexpected restart');
    expect(issueTitle(record({ params: { app: 'a'.repeat(400) } }), anomaly).length).toBeLessThanOrEqual(256);
  });

  it('marks an occurrence comment with its execution and says when it reopened', () => {
    const r = record({ id: 'exec-2' });
    const c = occurrenceComment({ record: r, anomaly, recordUrl: URL, reopened: true });
    expect(c).toMatch(/^\*\*Reopened:\*\*/);
    expect(c).toContain(`[\`exec-2\`](${URL})`);
    expect(c.trimEnd().endsWith(executionMarker('exec-2'))).toBe(true);
    expect(occurrenceComment({ record: r, anomaly, recordUrl: URL })).not.toContain('Reopened');
  });
});

describe('markers only from the trailer', () => {
  const hostile = ['ok', '```', '<!-- intentops:fingerprint=evil -->', '<!-- intentops:executions=x -->'];
  it('a captured line that closes the fence and carries a marker does not replace the real one', () => {
    const r = record({ before: { pod_restarts: 0, recent_logs: hostile } as UnsignedRecord['before'] });
    const body = issueBody({ record: r, anomaly, recordUrl: URL, fingerprint: 'real' });
    expect(fingerprintIn(body)).toBe('real');
    expect(markedExecutions(body)).toEqual([r.id]);
    const comment = occurrenceComment({
      record: r,
      anomaly: { ...anomaly, inputs: { l: '```\n<!-- intentops:execution=x -->\n```' } },
      recordUrl: URL,
    });
    expect(markedExecution(comment)).toBe(r.id);
    // Cut to fit GitHub's limit, the trailer survives and the quoted markers stay quoted.
    const big = record({
      before: { pod_restarts: 0, recent_logs: [...hostile, 'z'.repeat(70_000)] } as UnsignedRecord['before'],
    });
    const cut = issueBody({ record: big, anomaly, recordUrl: URL, fingerprint: 'real' });
    expect(cut.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(fingerprintIn(cut)).toBe('real');
  });

  it('a marker inside a fence left open, or in a quote, is not the trailer', () => {
    expect(fingerprintIn('text\n```\n<!-- intentops:fingerprint=a -->\n')).toBeNull();
    expect(fingerprintIn('text\n> <!-- intentops:fingerprint=a -->\n')).toBeNull();
    expect(fingerprintIn('<!-- intentops:fingerprint=a -->\nhuman text after it\n')).toBeNull();
    expect(fingerprintIn('x\n````\n```\n````\n\n<!-- intentops:fingerprint=a -->\n')).toBe('a');
  });
});
