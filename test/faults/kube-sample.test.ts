import { afterAll, describe, expect, it } from 'vitest';
import { hasPrometheus } from '../helpers/prometheus-server.js';
import { kubeSample } from './kube-faults.js';
import { stopSharedPrometheus } from './kube-world.js';
import { runAll } from './sweep.js';

// The Kubernetes and observability share of the fixed sample: a 429 the reader must ask again
// after (it once made the snapshot say the cluster was unavailable), a lasting Prometheus outage
// that must fail the run's check instead of passing it, a watch cut mid-bake and resumed into
// 410 Gone that must still see the crash after it, a hanging Prometheus that must leave the bake
// inconclusive. The full set is in bench/faults.ts (--only kube).

afterAll(stopSharedPrometheus);

describe.skipIf(!hasPrometheus)(
  'the fault harness sample: Kubernetes, Prometheus, Loki',
  { timeout: 300_000 },
  () => {
    it('each job retries and reads, or says what it could not read; every invariant holds', async () => {
      const outcomes = await runAll(kubeSample(), 2);
      const broken = outcomes
        .filter((o) => o.violations.length > 0)
        .map((o) => `${o.scenario.id}:\n  ${o.violations.join('\n  ')}`);
      expect(outcomes.length).toBe(kubeSample().length);
      expect(broken).toEqual([]);
    });
  },
);
