import { describe, expect, it } from 'vitest';
import type { Environment } from '../schemas/environments.js';
import { missingText, resolveConnection } from './connection.js';

// The bake observes an environment with its read-only observe_kubeconfig, never its execute
// kubeconfig; the execute jobs never with the observe one.

const STAGING: Environment = {
  name: 'staging',
  kubeconfig: 'STAGING_KUBECONFIG',
  observe_kubeconfig: 'STAGING_OBSERVE_KUBECONFIG',
  prometheus_token: 'STAGING_PROM_TOKEN',
};
const job: Record<string, string> = {
  STAGING_KUBECONFIG: 'execute',
  STAGING_OBSERVE_KUBECONFIG: 'observe',
  STAGING_PROM_TOKEN: 'tok',
};
const at = (f: string) => `intents/environments.yaml:${f}`;

describe('resolveConnection for the bake and for an execute job', () => {
  it('the bake gets the observe kubeconfig, an execute job its own', () => {
    const lookup = (n: string) => job[n];
    expect(resolveConnection(STAGING, lookup, 'bake')).toEqual({
      values: { kubeconfig: 'observe', prometheusToken: 'tok' },
      missing: [],
    });
    expect(resolveConnection(STAGING, lookup).values.kubeconfig).toBe('execute');
  });

  it('the bake never looks the execute kubeconfig up, and says which observe name it lacks', () => {
    const asked: string[] = [];
    const { values, missing } = resolveConnection(
      STAGING,
      (n) => {
        asked.push(n);
        return n === 'STAGING_OBSERVE_KUBECONFIG' ? undefined : job[n];
      },
      'bake',
    );
    expect(asked).not.toContain('STAGING_KUBECONFIG');
    expect(values.kubeconfig).toBeUndefined();
    expect(missingText(STAGING, missing, at, 'bake')).toBe(
      "environment 'staging': the secret STAGING_OBSERVE_KUBECONFIG (observe_kubeconfig at intents/environments.yaml:observe_kubeconfig) is not set in this job: add it as a repository secret (the bake job runs in no GitHub environment; its bake-names job hands it the names intents/environments.yaml declares, in intentops-bake.yml), and observing with its own could read another cluster",
    );
  });

  it('an environment with its own execute kubeconfig and no observe_kubeconfig has none for the bake', () => {
    const { observe_kubeconfig: _, ...env } = STAGING;
    const { values, missing } = resolveConnection(env, (n) => job[n], 'bake');
    expect(values.kubeconfig).toBeUndefined();
    expect(missingText(env, missing, at, 'bake')).toMatch(
      /^environment 'staging' declares its own cluster \(kubeconfig STAGING_KUBECONFIG at intents\/environments.yaml:kubeconfig, the execute job's\) and no observe_kubeconfig: .*declare observe_kubeconfig/,
    );
    // Without a cluster of its own the bake keeps the job's INTENTOPS_OBSERVE_KUBECONFIG input.
    expect(resolveConnection({ name: 'dev' }, () => undefined, 'bake')).toEqual({ values: {}, missing: [] });
  });
});
