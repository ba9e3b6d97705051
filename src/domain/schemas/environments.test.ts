import { describe, expect, it } from 'vitest';
import { EnvironmentsFileSchema, environmentsInOrder } from './environments.js';

describe('EnvironmentsFileSchema', () => {
  it('accepts the minimal file and every optional field', () => {
    expect(EnvironmentsFileSchema.safeParse({ environments: [{ name: 'staging' }] }).success).toBe(true);
    const full = EnvironmentsFileSchema.safeParse({
      environments: [
        {
          name: 'production',
          github_environment: 'prod',
          order: 2,
          kubeconfig: 'PROD_KUBECONFIG',
          observe_kubeconfig: 'PROD_OBSERVE_KUBECONFIG',
          kube_context: 'PROD_KUBE_CONTEXT',
          prometheus_url: 'PROD_PROMETHEUS_URL',
          prometheus_token: 'PROD_PROMETHEUS_TOKEN',
          loki_url: 'PROD_LOKI_URL',
          loki_token: 'PROD_LOKI_TOKEN',
        },
      ],
    });
    expect(full.success).toBe(true);
  });

  it('refuses an empty list, a bad name and a secret name that is no variable name', () => {
    expect(EnvironmentsFileSchema.safeParse({ environments: [] }).success).toBe(false);
    expect(EnvironmentsFileSchema.safeParse({ environments: [{ name: 'Prod' }] }).success).toBe(false);
    expect(
      EnvironmentsFileSchema.safeParse({ environments: [{ name: 'prod', kubeconfig: 'a b' }] }).success,
    ).toBe(false);
    const observe = EnvironmentsFileSchema.safeParse({
      environments: [{ name: 'prod', observe_kubeconfig: 'prod-observe' }],
    });
    expect(observe.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['environments.0.observe_kubeconfig', 'expected a secret or variable name, e.g. STAGING_KUBECONFIG'],
    ]);
  });

  it('orders by `order`, else by position', () => {
    const f = EnvironmentsFileSchema.parse({
      environments: [
        { name: 'production', order: 2 },
        { name: 'staging', order: 1 },
        { name: 'dev', order: 0 },
      ],
    });
    expect(environmentsInOrder(f).map((e) => e.name)).toEqual(['dev', 'staging', 'production']);
  });
});
