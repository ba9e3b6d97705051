import { describe, expect, it } from 'vitest';
import { IntentSchema } from '../schemas/catalog.js';
import { captureShape, neverCaptured } from './applies.js';

const intent = (capture?: Record<string, unknown>, expected?: string) =>
  IntentSchema.parse({
    name: 'restart-app',
    description: 'd',
    risk: 'low',
    steps: [{ name: 's', run: ['true'] }],
    ...(capture ? { capture } : {}),
    ...(expected ? { expected_duration: expected } : {}),
  });

const TMP = 'after.metrics.files_in_tmp - before.metrics.files_in_tmp > 100';

describe('neverCaptured: whether a default rule can fire for an intent', () => {
  it('a metric the intent does not capture: the rule does not apply', () => {
    expect(neverCaptured(TMP, captureShape(intent()))).toEqual([
      'after.metrics.files_in_tmp',
      'before.metrics.files_in_tmp',
    ]);
    const own = intent({ metrics: { files_in_tmp: { run: 'ls /tmp | wc -l' } } });
    expect(neverCaptured(TMP, captureShape(own))).toEqual([]);
    const prom = intent({ prometheus: { url: 'http://p', queries: { files_in_tmp: 'x' } } });
    expect(neverCaptured(TMP, captureShape(prom))).toEqual([]);
  });

  it('error counts need Loki or a capture; restarts need Kubernetes or a capture; durations an expected one', () => {
    const none = captureShape(intent());
    expect(neverCaptured('error_count_after > error_count_before * 2', none)).toHaveLength(2);
    expect(neverCaptured('pod_restarts_after > pod_restarts_before', none)).toHaveLength(2);
    expect(neverCaptured('duration > expected_duration * 3', none)).toEqual(['expected_duration']);
    const kube = captureShape(intent({ kubernetes: { namespace: 'a', selector: 'app=a' } }, '30s'));
    expect(neverCaptured('pod_restarts_after > pod_restarts_before', kube)).toEqual([]);
    expect(neverCaptured('duration > expected_duration * 3', kube)).toEqual([]);
    expect(neverCaptured('error_count_after > 3', kube)).toEqual(['error_count_after']);
  });

  it('a rule that can do without the input (||, ?:, has, macros) always applies', () => {
    const none = captureShape(intent());
    expect(neverCaptured('after.metrics.x > 1 || duration > 10', none)).toEqual([]);
    expect(neverCaptured('has(after.metrics.x) ? after.metrics.x > 1 : false', none)).toEqual([]);
    expect(neverCaptured('duration > 10', none)).toEqual([]);
  });
});
