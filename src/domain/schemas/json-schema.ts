import * as z from 'zod/mini';
import { AnomalyRulesSchema } from './anomaly-rules.js';
import { IntentSchema } from './catalog.js';
import { EnvironmentsFileSchema } from './environments.js';
import { ExecuteSettingsSchema } from './execute-settings.js';
import { LearningSchema } from './learning.js';
import { LedgerSchema } from './ledger.js';
import { NotifyConfigSchema } from './notify.js';
import { OutcomeSpecSchema } from './outcomes.js';
import { PolicyFileSchema } from './policy.js';
import { ExecutionRecordSchema } from './record.js';
import { RequestSchema } from './request.js';
import { RollupSchema } from './rollup.js';

// The JSON Schemas under schemas/ are generated from the zod schemas, so editors (via the
// `# yaml-language-server: $schema=…` comment) check intent files exactly as the bot does.

/** File name under schemas/ → the zod schema it is generated from. Append new files here. */
export const JSON_SCHEMA_SOURCES: Readonly<Record<string, z.core.$ZodType>> = {
  'catalog.schema.json': IntentSchema,
  'request.schema.json': RequestSchema,
  'outcomes.schema.json': OutcomeSpecSchema,
  'anomaly-rules.schema.json': AnomalyRulesSchema,
  'learning.schema.json': LearningSchema,
  'ledger.schema.json': LedgerSchema,
  'policy.schema.json': PolicyFileSchema,
  'notify.schema.json': NotifyConfigSchema,
  'execute.schema.json': ExecuteSettingsSchema,
  'record.schema.json': ExecutionRecordSchema,
  'rollup.schema.json': RollupSchema,
  'environments.schema.json': EnvironmentsFileSchema,
};

/** {fileName: jsonText} for every schema; deterministic, so a test can compare with the committed files. */
export function generateJsonSchemas(
  sources: Readonly<Record<string, z.core.$ZodType>> = JSON_SCHEMA_SOURCES,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [fileName, schema] of Object.entries(sources)) {
    // draft-07: the draft editors' YAML and JSON language servers support fully. io 'input':
    // describe what people write (defaults optional, bare-number durations allowed).
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-07' });
    out[fileName] = `${JSON.stringify(json, null, 2)}\n`;
  }
  return out;
}
