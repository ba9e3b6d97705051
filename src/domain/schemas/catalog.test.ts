import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../input/diagnostic.js';
import { checkSchema } from '../input/schema-check.js';
import { parseYamlSource } from '../input/yaml-source.js';
import { IntentSchema } from './catalog.js';

function problems(text: string): string[] {
  const { source, diagnostics } = parseYamlSource('i.yaml', text);
  if (!source) throw new Error(JSON.stringify(diagnostics));
  return checkSchema(source, IntentSchema).diagnostics.map(formatDiagnostic);
}

const head = 'name: x\ndescription: d\nrisk: low\n';
const step = 'steps:\n  - name: s\n    run: [ls]\n';

describe('IntentSchema', () => {
  it('fills defaults: params {}, param type string, allow_leading_dash false', () => {
    const bare = IntentSchema.parse({
      name: 'x',
      description: 'd',
      risk: 'low',
      steps: [{ name: 's', run: 'ls' }],
    });
    expect(bare.params).toEqual({});
    const withParam = IntentSchema.parse({ ...bare, params: { n: { max_length: 8 } } });
    expect(withParam.params.n).toEqual({ type: 'string', max_length: 8, allow_leading_dash: false });
  });

  it('needs at least one step', () => {
    expect(problems(`${head}steps: []\n`)).toEqual(['i.yaml:4:8: steps: expected at least one step']);
  });

  it('checks param specs: pattern compiles with u, default and enum fit the type, min ≤ max', () => {
    const text = `${head}params:
  a: { pattern: "\\\\-" }
  b: { type: integer, default: "3", enum: [1, 2.5] }
  c: { type: number, min: 5, max: 1 }
${step}`;
    expect(problems(text)).toEqual([
      'i.yaml:5:17: params.a.pattern: invalid regular expression /\\-/u: Invalid escape',
      'i.yaml:6:32: params.b.default: default must be of type integer',
      'i.yaml:6:47: params.b.enum[1]: enum value must be of type integer',
      'i.yaml:7:27: params.c.min: min (5) is greater than max (1)',
    ]);
  });

  it('refuses unknown param spec keys, with the list of known ones', () => {
    expect(problems(`${head}params:\n  a: { regex: "x" }\n${step}`)).toEqual([
      "i.yaml:5:8: params.a: unknown key 'regex'; expected one of: type, description, pattern, enum, default, required, min, max, max_length, allow_leading_dash",
    ]);
  });

  it('refuses duplicate step names and bad env names', () => {
    const text = `${head}steps:
  - name: s
    run: ls
    env: { 1BAD: x }
  - name: s
    run: ls
`;
    expect(problems(text)).toEqual([
      "i.yaml:7:12: steps[0].env: invalid key '1BAD': expected an environment variable name",
      "i.yaml:8:11: steps[1].name: duplicate step 's'; names must be unique",
    ]);
  });

  it('checks capture: metric names, probe shapes, log line counts', () => {
    const text = `${head}${step}capture:
  metrics:
    Mem: { run: x }
    cpu: { command: x }
  logs: { run: x, lines: 0 }
`;
    expect(problems(text)).toEqual([
      "i.yaml:9:5: capture.metrics: invalid key 'Mem': expected a metric name of lowercase letters, digits and _",
      "i.yaml:10:5: capture.metrics.cpu: missing required key 'run'",
      "i.yaml:10:12: capture.metrics.cpu: unknown key 'command'; expected one of: run, timeout",
      'i.yaml:11:26: capture.logs.lines: expected a number ≥ 1, got 0',
    ]);
  });
});
