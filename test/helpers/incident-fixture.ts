import type { GitHubClient } from '../../src/adapters/github/client.js';
import { githubPort } from '../../src/adapters/github/github-adapter.js';
import { IncidentIssues } from '../../src/app/incidents/incident-issues.js';
import type { Anomaly, UnsignedRecord } from '../../src/domain/schemas/record.js';

// Incident issues for lifecycle tests: opened exactly as the execute step opens them, and the
// human-input sections as a human fills them.

export function record(app: string, rule: string): { record: UnsignedRecord; anomaly: Anomaly } {
  const anomaly: Anomaly = {
    rule,
    severity: 'P2',
    action: 'create_incident_draft',
    condition: 'after.pod_restarts > before.pod_restarts',
    rules_file: 'catalog/anomaly-rules.yaml',
    inputs: { 'before.pod_restarts': 0, 'after.pod_restarts': 2 },
  };
  const rec: UnsignedRecord = {
    id: `exec-20260101-100000-${app}-000001`,
    timestamp: '2026-01-01T10:00:00.000Z',
    intent: 'deploy-app',
    params: { app },
    request: { path: 'intents/requests/deploy.yaml', commit: 'abc', reason: 'release' },
    before: { pod_restarts: 0 },
    commands_run: [
      { step: 'rollout', cmd: `kubectl rollout status deploy/${app}`, exit_code: 0, duration: '2s' },
    ],
    after: { pod_restarts: 2 },
    outcome_checks: {},
    checks: [],
    failure_indicators: [],
    anomalies: [anomaly],
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: 'success',
    duration: '12s',
    tool: { name: 'intentops', version: 't' },
    catalog_digest: 'sha256:0',
    prev_digest: null,
  };
  return { record: rec, anomaly };
}

/** An incident draft issue exactly as the execute step opens it. */
export async function incidentIssue(
  gh: GitHubClient,
  repo: { owner: string; repo: string },
  app: string,
): Promise<{ number: number; fingerprint: string }> {
  const issues = new IncidentIssues(githubPort(gh), { ...repo, retryBaseMs: 5 });
  const { record: rec, anomaly } = record(app, 'unexpected_restart');
  const r = await issues.upsert({ record: rec, anomaly, recordUrl: `https://github.example/r/${rec.id}` });
  return { number: r.number, fingerprint: r.fingerprint };
}

/** What a human writes into the three sections. */
export function filled(body: string): string {
  return body
    .replace(/### Root cause\n_to be filled in_/, '### Root cause\nThe readiness probe was too tight.')
    .replace(/### Lessons learned\n_to be filled in_/, '### Lessons learned\nTest probes under load.')
    .replace(/### Action items\n- \[ \] _to be filled in_/, '### Action items\n- [ ] loosen the probe');
}
