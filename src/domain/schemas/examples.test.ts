import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import { checkSchema } from '../input/schema-check.js';
import { parseYamlSource } from '../input/yaml-source.js';
import { AnomalyRulesSchema } from './anomaly-rules.js';
import { IntentSchema } from './catalog.js';
import { LearningSchema } from './learning.js';
import { OutcomeSpecSchema } from './outcomes.js';
import { PolicyFileSchema } from './policy.js';
import { RequestSchema } from './request.js';

// Every example under intents/ is valid and names the JSON Schema editors should use for it.

const root = fileURLToPath(new URL('../../../', import.meta.url));

const KINDS: { dir: RegExp; schema: z.core.$ZodType; json: string }[] = [
  { dir: /^intents\/catalog\//, schema: IntentSchema, json: 'catalog' },
  { dir: /^intents\/outcomes\//, schema: OutcomeSpecSchema, json: 'outcomes' },
  { dir: /^intents\/anomaly-rules\//, schema: AnomalyRulesSchema, json: 'anomaly-rules' },
  { dir: /^intents\/policies\//, schema: PolicyFileSchema, json: 'policy' },
  { dir: /^intents\/requests\//, schema: RequestSchema, json: 'request' },
  { dir: /^intents\/learning\.yaml$/, schema: LearningSchema, json: 'learning' },
];

const files = readdirSync(`${root}intents`, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `intents/${f.split('\\').join('/')}`)
  .sort();

describe('examples under intents/', () => {
  it('include the four catalog intents with their outcomes, rules, learning and policies', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'intents/catalog/deploy-app.yaml',
        'intents/catalog/restart-app.yaml',
        'intents/catalog/clear-cache.yaml',
        'intents/catalog/verify-backups.yaml',
        'intents/outcomes/deploy-app.yaml',
        'intents/outcomes/restart-app.yaml',
        'intents/outcomes/verify-backups.yaml',
        'intents/anomaly-rules/default.yaml',
        'intents/learning.yaml',
        'intents/policies/default.yaml',
      ]),
    );
  });

  it.each(files)('%s is valid and points at its JSON Schema', (rel) => {
    const kind = KINDS.find((k) => k.dir.test(rel));
    if (!kind) throw new Error(`no schema for ${rel}`);
    const text = readFileSync(`${root}${rel}`, 'utf8');
    const depth = rel.split('/').length - 1;
    expect(text.split('\n')[0]).toBe(
      `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${kind.json}.schema.json`,
    );
    const { source, diagnostics } = parseYamlSource(rel, text);
    expect(diagnostics).toEqual([]);
    if (!source) throw new Error('no source');
    expect(checkSchema(source, kind.schema).diagnostics).toEqual([]);
  });

  it('catalog intents are named after their files', () => {
    for (const rel of files.filter((f) => f.startsWith('intents/catalog/'))) {
      const { source } = parseYamlSource(rel, readFileSync(`${root}${rel}`));
      expect((source?.value as { name?: string } | undefined)?.name).toBe(
        rel.slice('intents/catalog/'.length, -'.yaml'.length),
      );
    }
  });

  it('deploy-app keeps the DESIGN contract and captures memory_usage', () => {
    const { source } = parseYamlSource('d', readFileSync(`${root}intents/catalog/deploy-app.yaml`));
    const intent = source && checkSchema(source, IntentSchema).data;
    expect(intent?.risk).toBe('medium');
    expect(intent?.params.tag?.default).toBe('latest');
    expect(intent?.steps.map((s) => s.name)).toEqual(['apply', 'set-image', 'rollout']);
    expect(intent?.steps[2]?.run).toEqual([
      'kubectl',
      'rollout',
      'status',
      'deployment/{{app}}',
      '-n',
      '{{app}}',
    ]);
    expect(intent?.expected_duration).toBe('180s');
    expect(Object.keys(intent?.capture?.metrics ?? {})).toEqual(['memory_usage']);
  });
});
