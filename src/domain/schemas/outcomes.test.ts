import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../input/diagnostic.js';
import { checkSchema } from '../input/schema-check.js';
import { parseYamlSource } from '../input/yaml-source.js';
import { OutcomeSpecSchema } from './outcomes.js';

function problems(text: string): string[] {
  const { source, diagnostics } = parseYamlSource('o.yaml', text);
  if (!source) throw new Error(JSON.stringify(diagnostics));
  return checkSchema(source, OutcomeSpecSchema).diagnostics.map(formatDiagnostic);
}

describe('OutcomeSpecSchema', () => {
  it('fills timeout 60s, interval 5s, regex false; keeps number and comparison expectations', () => {
    const spec = OutcomeSpecSchema.parse({
      intent: 'restart-app',
      outcomes: {
        success: [
          { condition: 'a', check: 'x', expected: 0 },
          { condition: 'b', check: ['y'], expected: { op: '>=', value: 1 }, timeout: 10, interval: '1s' },
        ],
        failure_indicators: [{ pattern: 'Err.*', regex: true, severity: 'P3' }],
      },
    });
    expect(spec.outcomes.success[0]).toEqual({
      condition: 'a',
      check: 'x',
      expected: 0,
      timeout: '60s',
      interval: '5s',
    });
    expect(spec.outcomes.success[1]?.timeout).toBe('10s');
    expect(spec.outcomes.failure_indicators?.[0]?.regex).toBe(true);
  });

  it('a bake window whose for or interval is no duration is a diagnostic, not a throw (fuzzer)', () => {
    const spec = (w: string) =>
      `observe: ${w}\noutcomes:\n  success:\n    - { condition: a, check: x, expected: "0" }\n`;
    expect(problems(spec('{ for: "", interval: 30s }'))).toEqual([
      "o.yaml:1:17: observe.for: expected a duration like 300s, 5m, 1h30m, 500ms or 7d, got ''",
    ]);
    expect(problems(spec('{ for: 10m, interval: 1x }'))).toEqual([
      "o.yaml:1:32: observe.interval: expected a duration like 300s, 5m, 1h30m, 500ms or 7d, got '1x'",
    ]);
  });

  it('refuses duplicate conditions, bad regex indicators and unknown severities', () => {
    const text = `outcomes:
  success:
    - { condition: a, check: x, expected: "0" }
    - { condition: a, check: y, expected: "1" }
  failure_indicators:
    - { pattern: "(", regex: true, severity: P1 }
    - { pattern: "(", severity: P5 }
`;
    expect(problems(text)).toEqual([
      "o.yaml:4:20: outcomes.success[1].condition: duplicate condition 'a'; names must be unique",
      'o.yaml:6:18: outcomes.failure_indicators[0].pattern: invalid regular expression /(/u: Unterminated group',
      "o.yaml:7:33: outcomes.failure_indicators[1].severity: expected one of P1, P2, P3, P4, got 'P5'",
    ]);
  });

  it('needs at least one success check and the outcomes key', () => {
    expect(problems('outcomes:\n  success: []\n')).toEqual([
      'o.yaml:2:12: outcomes.success: expected at least one success check',
    ]);
    expect(problems('success: []\n')).toEqual([
      "o.yaml:1:1: missing required key 'outcomes'",
      "o.yaml:1:1: unknown key 'success'; expected one of: intent, observe, outcomes",
    ]);
  });
});
