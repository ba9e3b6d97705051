import { afterAll, describe, expect, it } from 'vitest';
import { hasPrometheus } from '../helpers/prometheus-server.js';
import { kubeSample } from './kube-faults.js';
import { stopSharedPrometheus } from './kube-world.js';
import { runAll } from './sweep.js';

// The Kubernetes and observability share of the fixed sample, with the bugs it found kept as
// regressions: a 429 the reader must ask again after (it made the snapshot say the cluster was
// unavailable); an API server that stops answering after the bake's watch started (the bake passed
// on the pods it saw before); a lasting Prometheus outage the plan's live state must name instead
// of leaving out; a watch cut mid-bake, the crash happening while it is away, resumed into 410 Gone,
// that must still see the crash and ask for the rollback. The full set: bench/faults.ts --only kube.

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
