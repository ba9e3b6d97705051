import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../domain/diagnostic.js';
import { InputError } from '../domain/errors.js';
import type { ParamValue } from '../domain/params.js';
import type { Plan } from '../domain/plan.js';
import type { Request } from '../domain/schemas/request.js';
import { targetOf } from '../domain/target.js';
import { parseYamlSource } from '../domain/yaml-source.js';
import { type Catalog, loadRepo } from './load-repo.js';
import { prepareRequest } from './prepare.js';

// `intentops propose`: the request file a person or an agent would write, written for them — and
// refused, with the same reasons `validate` gives, when it would not be accepted.

export interface ProposeInput {
  intent: string;
  /** `k=v` pairs as typed; converted to the declared param types. */
  params: Record<string, string>;
  reason: string;
  proposer?: string;
  now: Date;
}

export interface Proposal {
  path: string;
  text: string;
  plan: Plan;
}

function convert(catalog: Catalog, intent: string, raw: Record<string, string>): Record<string, ParamValue> {
  const declared = catalog.intents.get(intent)?.data.params ?? {};
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(raw)) {
    const type = Object.hasOwn(declared, k) ? declared[k]?.type : undefined;
    if ((type === 'integer' || type === 'number') && v.trim() !== '' && Number.isFinite(Number(v)))
      out[k] = Number(v);
    else if (type === 'boolean' && (v === 'true' || v === 'false')) out[k] = v === 'true';
    else out[k] = v; // a wrong value is refused below, with the declared type in the message
  }
  return out;
}

function fileName(intent: string, params: Record<string, ParamValue>, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const target = targetOf(params);
  const slug = [intent, target]
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 60);
  return `intents/requests/${slug}-${stamp}.yaml`;
}

/** Builds and checks the request; nothing is written. */
export async function buildProposal(repoDir: string, input: ProposeInput): Promise<Proposal> {
  const { catalog, diagnostics } = await loadRepo(repoDir, []);
  const blocking = diagnostics.filter((d) => d.severity === 'error');
  if (blocking.length) throw new InputError(blocking);
  const params = convert(catalog, input.intent, input.params);
  const request: Request = {
    intent: input.intent,
    params,
    reason: input.reason,
    ...(input.proposer ? { proposed_by: input.proposer } : {}),
  };
  const path = fileName(input.intent, params, input.now);
  const text = `# yaml-language-server: $schema=../../schemas/request.schema.json\n${stringify(request, { lineWidth: 0 })}`;
  const parsed = parseYamlSource(path, text);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const prepared = prepareRequest(
    catalog,
    { path, source: parsed.source, data: request },
    { now: input.now, approvals: null, history: [] },
  );
  if (!prepared.plan)
    throw new InputError(
      prepared.diagnostics.map((d): Diagnostic => ({ ...d, file: `${d.file} (proposed)` })),
    );
  if (prepared.plan.policy.verdict === 'deny') {
    throw new InputError(
      prepared.plan.policy.results
        .filter((r) => r.outcome === 'deny')
        .map((r) => ({
          file: path,
          severity: 'error',
          message: `policy ${r.policy} (${r.rule}): ${r.reason}`,
        })),
    );
  }
  return { path, text, plan: prepared.plan };
}

export async function writeProposal(repoDir: string, p: Proposal): Promise<void> {
  const abs = join(repoDir, p.path);
  await mkdir(dirname(abs), { recursive: true });
  await writeFile(abs, p.text, { flag: 'wx' });
}
