import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../domain/plan/plan.js';
import { decide } from '../../domain/policy/policy.js';
import { IntentSchema } from '../../domain/schemas/catalog.js';
import { OutcomeSpecSchema } from '../../domain/schemas/outcomes.js';
import { PolicySchema } from '../../domain/schemas/policy.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { formatPlan, formatResult, showCommand } from './format.js';

// What a person reads at the terminal: the plan shows everything that will run or be watched, and
// the result says what happened in the words the record uses.

const intent = IntentSchema.parse({
  name: 'restart-app',
  description: 'd',
  risk: 'medium',
  params: { app: { type: 'string', pattern: '^[a-z-]+$' } },
  steps: [{ name: 'restart', run: ['kubectl', 'rollout', 'restart', 'deployment/{{app}}', '-n', '{{app}}'] }],
  rollback: [{ name: 'undo', run: ['kubectl', 'rollout', 'undo', 'deployment/{{app}}', '-n', '{{app}}'] }],
  capture: {
    timeout: '7s',
    kubernetes: { namespace: '{{app}}', selector: 'app={{app}}' },
    prometheus: { queries: { mem: 'sum(container_memory_usage_bytes{namespace="{{app}}"})' } },
    loki: { url: 'http://loki:3100', selector: '{namespace="{{app}}"}', lines: 20 },
  },
});
const outcomes = OutcomeSpecSchema.parse({
  outcomes: { success: [{ condition: 'ok', check: ['echo', 'ok'], expected: 'ok' }] },
  observe: { for: '10m', interval: '30s' },
});
const review = PolicySchema.parse({ name: 'review', match: { risk: ['medium'] }, approvals: 1 });
const facts = { now: new Date('2026-03-04T12:00:00Z'), approvals: null, history: [] };

function plan() {
  return buildPlan({
    intent,
    outcomes,
    rules: [],
    params: { app: 'web' },
    policy: decide([review], { intent: intent.name, risk: 'medium', params: { app: 'web' } }, facts),
  });
}

describe('formatPlan: everything that will run or be watched', () => {
  it('shows the Kubernetes snapshot, the Prometheus and Loki queries, the bake window and the rollback steps', () => {
    const text = formatPlan(plan(), 'intents/requests/r.yaml');
    expect(text).toContain('Snapshots before and after (providers time out after 7s):');
    expect(text).toMatch(/kubernetes: pods in namespace web with selector app=web/);
    expect(text).toContain(
      '  - prometheus mem: sum(container_memory_usage_bytes{namespace="web"})  [PROMETHEUS_URL]',
    );
    expect(text).toMatch(/ {2}- loki: \{namespace="web"\}, last 20 lines, .*\[http:\/\/loki:3100\]/);
    expect(text).toContain('Bake: after a run that passed, watch for 10m, a snapshot every 30s');
    expect(text).toMatch(/Rollback \(ask[^\n]*\n {2}1\. undo[^\n]*\n {5}\$ kubectl rollout undo/);
  });

  it('says what the preview job runs: the dry-run diff of an apply step, and the preview commands', () => {
    const withPreview = IntentSchema.parse({
      ...intent,
      steps: [...intent.steps, { name: 'apply', run: 'kubectl apply -k apps/{{app}}' }],
      preview: [{ name: 'history', run: ['kubectl', 'rollout', 'history', 'deployment/{{app}}'] }],
    });
    const p = buildPlan({ intent: withPreview, rules: [], params: { app: 'web' }, policy: plan().policy });
    expect(formatPlan(p, 'intents/requests/r.yaml')).toContain(
      [
        'Previews (on the pull request, read-only credentials):',
        '  - step apply: server-side dry-run diff of apps/web (kustomization) against live',
        '  - history (timeout 60s)',
        '    $ kubectl rollout history deployment/web',
      ].join('\n'),
    );
    expect(formatPlan(plan(), 'intents/requests/r.yaml')).not.toContain('Previews');
  });

  it('names where the queries go and which cluster, when the caller knows', () => {
    const text = formatPlan(plan(), 'intents/requests/r.yaml', {
      prometheusUrl: 'http://prom:9090',
      kube: 'Kubernetes: context dev, server https://10.0.0.1:6443 (from /home/me/.kube/config)',
    });
    expect(text).toContain('[PROMETHEUS_URL=http://prom:9090]');
    expect(text).toContain('Kubernetes: context dev, server https://10.0.0.1:6443');
  });

  it('a local plan of a policy with approvals says the request waits for them, not that it needs them', () => {
    const text = formatPlan(plan(), 'intents/requests/r.yaml');
    expect(text).toContain('Policy: ALLOW (policies: review)');
    expect(text).toContain('  - review/approvals: info — waits for 1 approval on the request PR');
    expect(text).not.toMatch(/needs 1 approval/);
  });
});

function record(over: Partial<ExecutionRecord>): ExecutionRecord {
  return {
    id: 'exec-1',
    timestamp: '2026-03-04T12:00:00.000Z',
    intent: 'restart-app',
    params: { app: 'web' },
    request: { path: 'intents/requests/r.yaml', commit: null, reason: 'r' },
    before: null,
    commands_run: [],
    after: null,
    outcome_checks: {},
    checks: [],
    failure_indicators: [],
    anomalies: [],
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: 'success',
    duration: '1.000s',
    tool: { name: 'intentops', version: '0.0.0' },
    catalog_digest: 'sha256:x',
    prev_digest: null,
    digest: 'sha256:y',
    ...over,
  };
}

describe('formatResult: what happened, in one set of words', () => {
  it('a request the policies hold is said once, as held and not run', () => {
    const text = formatResult(
      record({
        status: 'denied',
        status_reason: 'outside every change window: 0 9 * * 1-5 for 8h (UTC)',
        policy: { verdict: 'hold', reasons: ['x/windows: hold — outside every change window'] },
        duration: '0.000s',
      }),
      'executions/x.yaml',
    );
    expect(text.split('\n')[0]).toBe(
      '✖ restart-app not run: held by policy — outside every change window: 0 9 * * 1-5 for 8h (UTC)',
    );
    expect(text).not.toContain('denied');
  });

  it('a denied request says denied', () => {
    const text = formatResult(
      record({
        status: 'denied',
        status_reason: 'app="db" is not in the allowlist ("web")',
        policy: { verdict: 'deny', reasons: [] },
      }),
      'executions/x.yaml',
    );
    expect(text.split('\n')[0]).toBe(
      '✖ restart-app not run: denied by policy — app="db" is not in the allowlist ("web")',
    );
  });

  it('says why a snapshot is empty, once when before and after agree', () => {
    const why = 'config: no kubeconfig: set KUBECONFIG, give a kubeconfig, or run in a cluster';
    const text = formatResult(
      record({
        before: { unavailable: [{ source: 'kubernetes', reason: why }] },
        after: {
          unavailable: [
            { source: 'kubernetes', reason: why },
            { source: 'prometheus:mem', reason: 'unreachable: /api/v1/query: bad port' },
          ],
        },
      }),
      'executions/x.yaml',
    );
    expect(text).toContain(`  snapshot kubernetes unavailable (before and after): ${why}`);
    expect(text).toContain(
      '  snapshot prometheus:mem unavailable (after): unreachable: /api/v1/query: bad port',
    );
  });
});

describe('showCommand: a command as a shell line', () => {
  it('quotes an argv list so a shell would run the same words', () => {
    expect(showCommand(['kubectl', 'rollout', 'undo', 'deployment/web'])).toBe(
      '$ kubectl rollout undo deployment/web',
    );
    expect(showCommand(['echo', "it's", '', 'a b', '$HOME'])).toBe(`$ echo 'it'\\''s' '' 'a b' '$HOME'`);
    expect(showCommand('echo ok > out')).toBe('$ echo ok > out');
  });
});
