import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IntentSchema } from '../schemas/catalog.js';
import { OutcomeSpecSchema } from '../schemas/outcomes.js';
import { PolicyFileSchema } from '../schemas/policy.js';
import { RequestSchema } from '../schemas/request.js';
import { formatDiagnostic } from './diagnostic.js';
import { checkSchema, pathText, show } from './schema-check.js';
import { parseYamlSource } from './yaml-source.js';

function check<T>(file: string, text: string, schema: z.core.$ZodType<T>) {
  const { source, diagnostics } = parseYamlSource(file, text);
  if (!source) throw new Error(`YAML did not parse: ${JSON.stringify(diagnostics)}`);
  return checkSchema(source, schema);
}

function lines<T>(file: string, text: string, schema: z.core.$ZodType<T>): string[] {
  return check(file, text, schema).diagnostics.map(formatDiagnostic);
}

const INTENT = `name: deploy-app
description: Deploy
risk: medium
params:
  app: { type: string }
steps:
  - name: apply
    run: kubectl apply -k apps/{{app}}
`;

describe('checkSchema', () => {
  it('returns the parsed data with defaults filled and no diagnostics', () => {
    const r = check('c.yaml', INTENT, IntentSchema);
    expect(r.diagnostics).toEqual([]);
    expect(r.data?.params.app).toEqual({ type: 'string', allow_leading_dash: false });
  });

  it('points an unknown key at the key itself and lists the expected keys', () => {
    const text = INTENT.replace('    run:', '    timout: 5s\n    run:');
    expect(lines('c.yaml', text, IntentSchema)).toEqual([
      "c.yaml:8:5: steps[0]: unknown key 'timout'; expected one of: name, run, timeout, continue_on_error, env",
    ]);
  });

  it('reports each unknown key separately, top level included', () => {
    expect(lines('c.yaml', `colour: red\n${INTENT}size: 3\n`, IntentSchema)).toEqual([
      "c.yaml:1:1: unknown key 'colour'; expected one of: name, description, risk, params, steps, rollback, preview, env, expected_duration, capture, observe, environment",
      "c.yaml:10:1: unknown key 'size'; expected one of: name, description, risk, params, steps, rollback, preview, env, expected_duration, capture, observe, environment",
    ]);
  });

  it('points a wrong value at the value and says what was expected and found', () => {
    const text = INTENT.replace('risk: medium', 'risk: extreme').replace(
      '{ type: string }',
      '{ type: strng }',
    );
    expect(lines('c.yaml', text, IntentSchema)).toEqual([
      "c.yaml:3:7: risk: expected one of low, medium, high, got 'extreme'",
      "c.yaml:5:16: params.app.type: expected one of string, integer, number, boolean, got 'strng'",
    ]);
  });

  it('points a missing required key at the mapping that should hold it', () => {
    const noRun = INTENT.replace('    run: kubectl apply -k apps/{{app}}\n', '    timeout: 5s\n');
    expect(lines('c.yaml', noRun, IntentSchema)).toEqual([
      "c.yaml:7:5: steps[0]: missing required key 'run'",
    ]);
    const noRisk = INTENT.replace('risk: medium\n', '');
    expect(lines('c.yaml', noRisk, IntentSchema)).toEqual(["c.yaml:1:1: missing required key 'risk'"]);
  });

  it('explains a union by the branch the author meant', () => {
    const text = `outcomes:
  success:
    - condition: a
      check: [kubectl, {get: pods}]
      expected: { op: "~", value: "1" }
    - condition: b
      check: 42
      expected: [1]
`;
    expect(lines('o.yaml', text, OutcomeSpecSchema)).toEqual([
      'o.yaml:4:24: outcomes.success[0].check[1]: expected a string, got a mapping',
      "o.yaml:5:23: outcomes.success[0].expected.op: expected one of <, <=, >, >=, ==, !=, got '~'",
      'o.yaml:5:35: outcomes.success[0].expected.value: expected a number or "{{param}}" naming a number param, got \'1\'',
      'o.yaml:7:14: outcomes.success[1].check: expected a command: a shell string or an argv list like [kubectl, get, pods], got 42',
      'o.yaml:8:17: outcomes.success[1].expected: expected text, a number, {regex: …} or {op: …, value: …}, got a list',
    ]);
  });

  it('adds what was found to a schema-written message', () => {
    expect(lines('c.yaml', INTENT.replace('name: deploy-app', 'name: Deploy_App'), IntentSchema)).toEqual([
      "c.yaml:1:7: name: expected a kebab-case name (lowercase letters, digits and -), e.g. deploy-app, got 'Deploy_App'",
    ]);
  });

  it('points a bad record key at the key', () => {
    expect(lines('c.yaml', INTENT.replace('  app:', '  App:'), IntentSchema)).toEqual([
      "c.yaml:5:3: params: invalid key 'App': expected a param name of lowercase letters, digits and _ (usable as {{name}})",
    ]);
  });

  it('locates refinement issues (duplicates, bad regex) at the offending value', () => {
    const text = `${INTENT.replace('{ type: string }', '{ type: string, pattern: "[a-" }')}  - name: apply\n    run: [ls]\n`;
    expect(lines('c.yaml', text, IntentSchema)).toEqual([
      'c.yaml:5:33: params.app.pattern: invalid regular expression /[a-/u: Unterminated character class',
      "c.yaml:9:11: steps[1].name: duplicate step 'apply'; names must be unique",
    ]);
  });

  it('describes empty values and numbers in the words of the file', () => {
    const text = 'intent: deploy-app\nparams: { app: [x] }\nreason:\n';
    expect(lines('r.yaml', text, RequestSchema)).toEqual([
      'r.yaml:2:16: params.app: expected a string, a number or a boolean (true or false), got a list',
      'r.yaml:3:8: reason: expected a string, got an empty value',
    ]);
  });

  it('reports bounds on numbers and lists', () => {
    const text = `policies:
  - name: p
    match: { risk: [] }
    approvals: -1
    rate_limit: { max: 0, per: 0 }
`;
    expect(lines('p.yaml', text, PolicyFileSchema)).toEqual([
      'p.yaml:3:20: policies[0].match.risk: expected a non-empty list',
      'p.yaml:4:16: policies[0].approvals: expected a number ≥ 0, got -1',
      'p.yaml:5:24: policies[0].rate_limit.max: expected a number ≥ 1, got 0',
      'p.yaml:5:32: policies[0].rate_limit.per: expected a duration greater than zero, got 0',
    ]);
  });

  it('works with any zod schema', () => {
    const schema = z.strictObject({ n: z.number().max(3), tags: z.array(z.string()).max(1) });
    expect(lines('s.yaml', 'n: 5\ntags: [a, b]\n', schema)).toEqual([
      's.yaml:1:4: n: expected a number ≤ 3, got 5',
      's.yaml:2:7: tags: expected ≤ 1 items',
    ]);
  });
});

describe('helpers', () => {
  it('pathText writes paths as a person reads them', () => {
    expect(pathText(['steps', 0, 'run', 2])).toBe('steps[0].run[2]');
    expect(pathText([])).toBe('');
  });

  it('show names values by YAML kind and shortens long strings', () => {
    expect(show(null)).toBe('an empty value');
    expect(show({})).toBe('a mapping');
    expect(show('x'.repeat(70))).toBe(`'${'x'.repeat(60)}…'`);
    expect(show(false)).toBe('false');
  });
});
