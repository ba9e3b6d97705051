import { describe, expect, it } from 'vitest';
import type { KubeReader } from '../../adapters/kubernetes.js';
import type { ObservePlan } from '../../domain/plan/plan-observe.js';
import type { Observers } from '../shared/providers.js';
import { observe } from './snapshot.js';

const plan: ObservePlan = { timeoutMs: 200, kubernetes: { namespace: 'shop', selector: 'app=shop' } };
const window = { phase: 'before' as const, runStart: new Date(), now: new Date() };
const reader = (answerMs: number) =>
  ({
    pods: async () => {
      await new Promise((r) => setTimeout(r, answerMs));
      return [{ name: 'shop-1', phase: 'Running', ready: true, restarts: 2, containers: [] }];
    },
    deployments: async () => [],
    warningEvents: async () => [],
  }) as unknown as KubeReader;
function observers(loadMs: number, answerMs: number, fail?: Error): Observers {
  let kube: Promise<KubeReader> | undefined;
  return {
    kube: () => {
      kube ??= new Promise((resolve, reject) =>
        setTimeout(() => (fail ? reject(fail) : resolve(reader(answerMs))), loadMs),
      );
      return kube;
    },
  } as unknown as Observers;
}

describe('snapshot deadlines', () => {
  it('loading the Kubernetes client does not count against the provider deadline', async () => {
    const part = await observe(plan, observers(600, 10), window);
    expect(part.pod_restarts).toBe(2);
    expect(part.unavailable).toBeUndefined();
  });

  it('a slow API server still runs into the deadline', async () => {
    const part = await observe(plan, observers(0, 600), window);
    expect(part.pod_restarts).toBeUndefined();
    expect(part.unavailable).toEqual([{ source: 'kubernetes', reason: 'no answer within 200 ms' }]);
  });

  it('a client that cannot be made is recorded as unavailable with its reason', async () => {
    const part = await observe(plan, observers(0, 0, new Error('no kubeconfig found')), window);
    expect(part.unavailable).toEqual([{ source: 'kubernetes', reason: 'no kubeconfig found' }]);
  });
});
