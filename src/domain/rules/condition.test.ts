import { describe, expect, it } from 'vitest';
import { checkCondition, evaluateCondition } from './condition.js';
import { type RecordView, ruleVariables } from './variables.js';

const MEMORY_SPIKE = 'after.metrics.memory_usage - before.metrics.memory_usage > 20';
const ERROR_RATE = 'error_count_after > error_count_before * 2';
const RESTART = 'pod_restarts_after > pod_restarts_before';
const SLOW = 'duration > expected_duration * 2';

function record(over: Partial<RecordView> = {}): RecordView {
  return {
    intent: 'deploy-app',
    params: { app: 'home-portal', tag: 'latest' },
    status: 'success',
    duration: 180,
    expected_duration: 120,
    before: { metrics: { cpu_usage: 45, memory_usage: 62 }, error_count: 3, pod_restarts: 0, pods: [] },
    after: { metrics: { cpu_usage: 48, memory_usage: 65 }, error_count: 4, pod_restarts: 0, pods: [] },
    checks: { pods_ready: 'pass', endpoint_healthy: 'pass' },
    ...over,
  };
}

const evalOn = (condition: string, r: RecordView) => evaluateCondition(condition, ruleVariables(r));

describe('seed conditions', () => {
  it.each([MEMORY_SPIKE, ERROR_RATE, RESTART, SLOW])('%s type-checks', (c) => {
    expect(checkCondition(c)).toEqual({ ok: true });
  });

  it('memory_spike fires on whole and fractional values, and not on a small rise', () => {
    const spike = record({
      after: { metrics: { memory_usage: 85 } },
      before: { metrics: { memory_usage: 60 } },
    });
    expect(evalOn(MEMORY_SPIKE, spike).status).toBe('fired');
    const frac = record({
      after: { metrics: { memory_usage: 80.6 } },
      before: { metrics: { memory_usage: 60.5 } },
    });
    expect(evalOn(MEMORY_SPIKE, frac).status).toBe('fired');
    const mixed = record({
      after: { metrics: { memory_usage: 80.4 } },
      before: { metrics: { memory_usage: 60 } },
    });
    expect(evalOn(MEMORY_SPIKE, mixed).status).toBe('fired');
    expect(evalOn(MEMORY_SPIKE, record()).status).toBe('not_fired');
    const exactly20 = record({
      after: { metrics: { memory_usage: 80 } },
      before: { metrics: { memory_usage: 60 } },
    });
    expect(evalOn(MEMORY_SPIKE, exactly20).status).toBe('not_fired');
  });

  it('memory_spike is not evaluated without a before snapshot', () => {
    const r = record({ before: undefined });
    const ev = evalOn(MEMORY_SPIKE, r);
    expect(ev.status).toBe('not_evaluated');
    expect(ev.reason).toBe('missing input: before (for before.metrics.memory_usage)');
    expect(ev.inputs).toEqual({ 'after.metrics.memory_usage': 65 });
  });

  it('memory_spike is not evaluated when the metric is null (no data) or absent', () => {
    const nul = record({ after: { metrics: { memory_usage: null, cpu_usage: 48 } } });
    const ev = evalOn(MEMORY_SPIKE, nul);
    expect(ev).toMatchObject({
      status: 'not_evaluated',
      reason: 'missing input: after.metrics.memory_usage',
    });
    const noMetrics = evalOn(MEMORY_SPIKE, record({ after: { error_count: 1 } }));
    expect(noMetrics.status).toBe('not_evaluated');
    expect(noMetrics.reason).toBe('missing input: after.metrics (for after.metrics.memory_usage)');
  });

  it('error_rate_increase: double times int literal', () => {
    expect(evalOn(ERROR_RATE, record()).status).toBe('not_fired'); // 4 > 6
    const up = record({ after: { error_count: 7 } });
    expect(evalOn(ERROR_RATE, up)).toEqual({
      status: 'fired',
      inputs: { error_count_after: 7, error_count_before: 3 },
    });
    const frac = record({ before: { error_count: 2.5 }, after: { error_count: 5.5 } });
    expect(evalOn(ERROR_RATE, frac).status).toBe('fired');
    const noData = evalOn(ERROR_RATE, record({ after: { error_count: null } }));
    expect(noData).toMatchObject({ status: 'not_evaluated', reason: 'missing input: error_count_after' });
  });

  it('unexpected_restart', () => {
    expect(evalOn(RESTART, record()).status).toBe('not_fired');
    expect(evalOn(RESTART, record({ after: { pod_restarts: 2 } })).status).toBe('fired');
    expect(evalOn(RESTART, record({ before: undefined })).reason).toBe('missing input: pod_restarts_before');
  });

  it('slow_deployment', () => {
    expect(evalOn(SLOW, record()).status).toBe('not_fired'); // 180 > 240
    expect(evalOn(SLOW, record({ duration: 241 })).status).toBe('fired');
    expect(evalOn(SLOW, record({ duration: 240 })).status).toBe('not_fired');
    const noExpected = evalOn(SLOW, record({ expected_duration: undefined }));
    expect(noExpected).toEqual({
      status: 'not_evaluated',
      reason: 'missing input: expected_duration',
      inputs: { duration: 180 },
    });
  });
});

describe('mixed arithmetic', () => {
  const vars = { duration: 10, expected_duration: 4.5, params: { replicas: 3, ratio: 0.5 } };
  it.each([
    ['duration > expected_duration * 2', true],
    ['duration > 2 * expected_duration', true],
    ['3 > 2.5', true],
    ['2.5 < 3', true],
    ['1 == 1.0', true],
    ['1.0 != 1', false],
    ['duration - 1 == 9', true],
    ['duration / 4 == 2.5', true],
    ['1 + 0.5 == 1.5', true],
    ['1u + 0.5 == 1.5', true],
    ['1u + 2 == 3', true],
    ['params.replicas * 2 >= 6', true],
    ['params.ratio * 2 == 1', true],
    ['duration <= 10 && duration >= 10', true],
  ])('%s → %s', (c, expected) => {
    expect(checkCondition(c)).toEqual({ ok: true });
    expect(evaluateCondition(c, vars).status).toBe(expected ? 'fired' : 'not_fired');
  });

  it('division by zero is not evaluated, with the error', () => {
    const ev = evaluateCondition('duration / 0 > 1', vars);
    expect(ev).toMatchObject({ status: 'not_evaluated', reason: 'evaluation error: division by zero' });
    expect(ev.inputs).toEqual({ duration: 10 });
    expect(evaluateCondition('1 / 0 > 1', vars).reason).toBe('evaluation error: division by zero');
  });
});

describe('checkCondition', () => {
  it('rejects a non-bool result', () => {
    const r = checkCondition('duration * 2');
    expect(r).toEqual({ ok: false, message: 'condition must be a bool, got double' });
    const dyn = checkCondition('after.ready');
    expect(dyn.ok).toBe(false);
    if (!dyn.ok) expect(dyn.message).toMatch(/got dyn.*== true/);
  });

  it('a misspelt variable gets a did-you-mean (pod_restart_after → pod_restarts_after)', () => {
    expect(checkCondition('pod_restart_after > 0')).toEqual({
      ok: false,
      message: "type error: Unknown variable: pod_restart_after; did you mean 'pod_restarts_after'?",
      offset: 0,
    });
    const second = checkCondition('pod_restarts_after > pod_restart_before');
    expect(second).toMatchObject({ ok: false, offset: 21 });
    if (!second.ok) expect(second.message).toMatch(/did you mean 'pod_restarts_before'\?$/);
  });

  it('an unknown variable far from every name lists the variables, and where a metric is read', () => {
    const r = checkCondition('duration > memory_usage');
    expect(r).toMatchObject({ ok: false, offset: 11 });
    if (!r.ok) {
      expect(r.message).toMatch(/^type error: Unknown variable: memory_usage; /);
      expect(r.message).toContain('a metric is read as after.metrics.memory_usage');
      expect(r.message).toContain('the variables are: after, before, checks, duration');
    }
  });

  it('reports syntax errors with an offset', () => {
    const r = checkCondition('duration > > 2');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^syntax error: /);
      expect(r.offset).toBe(11);
    }
    const eof = checkCondition('duration >');
    expect(eof).toMatchObject({ ok: false, offset: 10 });
  });

  it('rejects type mismatches', () => {
    const r = checkCondition('status > 2');
    expect(r).toMatchObject({ ok: false, message: 'type error: no such overload: string > int', offset: 0 });
    expect(checkCondition('checks.pods_ready == 1').ok).toBe(false);
    expect(checkCondition('checks.pods_ready == "fail"').ok).toBe(true);
  });

  it('an invalid condition is never a verdict', () => {
    expect(evaluateCondition('nope > 1', { duration: 1 })).toMatchObject({
      status: 'not_evaluated',
      reason: expect.stringMatching(/^invalid condition: type error: Unknown variable: nope; /),
      inputs: {},
    });
  });
});

describe('inputs', () => {
  it('reports each referenced path with the value seen', () => {
    const r = record({ after: { metrics: { memory_usage: 85 } }, before: { metrics: { memory_usage: 60 } } });
    const ev = evaluateCondition(`${MEMORY_SPIKE} && duration > 12.0`, ruleVariables(r));
    expect(ev).toEqual({
      status: 'fired',
      inputs: { 'after.metrics.memory_usage': 85, 'before.metrics.memory_usage': 60, duration: 180 },
    });
  });

  it('handles index access, functions and macro-bound variables', () => {
    const vars = ruleVariables(
      record({
        after: { metrics: { 'mem-usage': 5 }, pods: [{ name: 'a', restarts: 2 }] },
        checks: { pods_ready: 'fail' },
        params: { app: 'home-portal' },
      }),
    );
    const ev = evaluateCondition(
      'after.metrics["mem-usage"] > 1 && after.pods.exists(p, p.restarts > 1) && checks.pods_ready == "fail" && params.app.startsWith("home")',
      vars,
    );
    expect(ev.status).toBe('fired');
    expect(ev.inputs).toEqual({
      'after.metrics["mem-usage"]': 5,
      'after.pods': [{ name: 'a', restarts: 2 }],
      'checks.pods_ready': 'fail',
      'params.app': 'home-portal',
    });
  });

  it('a guarded condition gives a real verdict when the guard decides it', () => {
    const vars = ruleVariables(record({ after: { metrics: {} } }));
    const ev = evaluateCondition(
      'has(after.metrics.memory_usage) && after.metrics.memory_usage > 90.0',
      vars,
    );
    expect(ev).toEqual({ status: 'not_fired', inputs: {} });
  });
});

describe('ruleVariables', () => {
  it('flattens counts and omits what is missing', () => {
    const v = ruleVariables(
      record({
        before: { metrics: { memory_usage: 60, cpu_usage: null }, error_count: null, pod_restarts: 1 },
        after: undefined,
        expected_duration: undefined,
      }),
    );
    expect(v.before).toEqual({ metrics: { memory_usage: 60 }, pod_restarts: 1 });
    expect(v.pod_restarts_before).toBe(1);
    expect('error_count_before' in v).toBe(false);
    expect('after' in v).toBe(false);
    expect('pod_restarts_after' in v).toBe(false);
    expect('expected_duration' in v).toBe(false);
    expect(v.duration).toBe(180);
    expect(v.checks).toEqual({ pods_ready: 'pass', endpoint_healthy: 'pass' });
  });
});

describe('speed', () => {
  it('evaluates 10,000 records × 4 seed rules', () => {
    const recs = Array.from({ length: 10_000 }, (_, i) =>
      ruleVariables(
        record({
          duration: 100 + (i % 300),
          before: { metrics: { memory_usage: 50 + (i % 7) }, error_count: i % 5, pod_restarts: 0 },
          after:
            i % 10 === 0
              ? undefined
              : { metrics: { memory_usage: 50 + (i % 40) }, error_count: i % 13, pod_restarts: i % 3 },
        }),
      ),
    );
    const counts = { fired: 0, not_fired: 0, not_evaluated: 0 };
    const start = performance.now();
    for (const vars of recs) {
      for (const c of [MEMORY_SPIKE, ERROR_RATE, RESTART, SLOW]) counts[evaluateCondition(c, vars).status]++;
    }
    const ms = performance.now() - start;
    console.log(`evaluated ${recs.length * 4} conditions in ${ms.toFixed(0)} ms`, counts);
    expect(counts.fired + counts.not_fired + counts.not_evaluated).toBe(40_000);
    expect(counts.not_evaluated).toBe(3_000); // 1,000 records without an after snapshot × 3 rules
  });
});
