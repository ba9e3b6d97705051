import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { InputError } from '../../domain/input/errors.js';
import { parseYamlSource } from '../../domain/input/yaml-source.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { ParamValue } from '../../domain/request/params.js';
import { proposalKey } from '../../domain/request/proposal-key.js';
import { targetOf } from '../../domain/request/target.js';
import type { Request } from '../../domain/schemas/request.js';
import { prepareRequest } from '../plan/prepare.js';
import { historyFor } from '../records/history.js';
import { type Catalog, loadRepo } from '../shared/load-repo.js';
import { findPendingRequest } from './pending-request.js';

// `intentops propose`: the request file a person or an agent would write, written for them — and
// refused, with the same reasons `validate` gives, when it would not be accepted.

export interface ProposeInput {
  intent: string;
  /** `k=v` values as typed (strings, converted to the declared param types) or already typed (JSON). */
  params: Record<string, ParamValue>;
  reason: string;
  proposer?: string;
  /** The environment it runs in (intents/environments.yaml); default: the intent's, else the only one. */
  environment?: string;
  now: Date;
  /** Count earlier executions, so rate limits show in the verdict (reads the records when one is set). */
  withHistory?: boolean;
}

export interface Proposal {
  path: string;
  text: string;
  plan: Plan;
  /** Same intent, params (defaults filled in) and proposer → same key: how a retry is recognised. */
  key: string;
}

function convert(
  catalog: Catalog,
  intent: string,
  raw: Record<string, ParamValue>,
): Record<string, ParamValue> {
  const declared = catalog.intents.get(intent)?.data.params ?? {};
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(raw)) {
    const type = Object.hasOwn(declared, k) ? declared[k]?.type : undefined;
    if (typeof v !== 'string')
      out[k] = v; // typed already: a wrong type is refused with the declared one
    else if ((type === 'integer' || type === 'number') && v.trim() !== '' && Number.isFinite(Number(v)))
      out[k] = Number(v);
    else if (type === 'boolean' && (v === 'true' || v === 'false')) out[k] = v === 'true';
    else out[k] = v; // a wrong value is refused below, with the declared type in the message
  }
  return out;
}

function fileName(
  intent: string,
  params: Record<string, ParamValue>,
  now: Date,
  environment?: string,
): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const target = targetOf(params);
  const slug = [intent, target, environment]
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 60);
  return `intents/requests/${slug}-${stamp}.yaml`;
}

/** Builds and checks the request, whatever the policy verdict (a plan shows a deny too); nothing is written. */
export async function draftProposal(repoDir: string, input: ProposeInput): Promise<Proposal> {
  const { catalog, diagnostics } = await loadRepo(repoDir, []);
  const blocking = diagnostics.filter((d) => d.severity === 'error');
  if (blocking.length) throw new InputError(blocking);
  const params = convert(catalog, input.intent, input.params);
  const request: Request = {
    intent: input.intent,
    params,
    reason: input.reason,
    ...(input.environment !== undefined ? { environment: input.environment } : {}),
    ...(input.proposer ? { proposed_by: input.proposer } : {}),
  };
  const path = fileName(input.intent, params, input.now, input.environment);
  const text = `# yaml-language-server: $schema=../../schemas/request.schema.json\n${stringify(request, { lineWidth: 0 })}`;
  const parsed = parseYamlSource(path, text);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const prepared = prepareRequest(
    catalog,
    { path, source: parsed.source, data: request },
    {
      now: input.now,
      approvals: null,
      history: input.withHistory ? await historyFor(catalog, repoDir, input.now) : [],
    },
  );
  if (!prepared.plan)
    throw new InputError(
      prepared.diagnostics.map((d): Diagnostic => ({ ...d, file: `${d.file} (proposed)` })),
    );
  return {
    path,
    text,
    plan: prepared.plan,
    key: proposalKey(input.intent, prepared.plan.params, input.proposer, input.environment),
  };
}

/** Why the policies deny the proposal, one diagnostic per denying rule; empty when they do not. */
export function policyRefusal(p: Proposal): Diagnostic[] {
  if (p.plan.policy.verdict !== 'deny') return [];
  return p.plan.policy.results
    .filter((r) => r.outcome === 'deny')
    .map((r) => ({
      file: p.path,
      severity: 'error',
      message: `policy ${r.policy} (${r.rule}): ${r.reason}`,
    }));
}

/** Builds and checks the request, refused when the policies deny it; nothing is written. */
export async function buildProposal(repoDir: string, input: ProposeInput): Promise<Proposal> {
  const proposal = await draftProposal(repoDir, input);
  const refused = policyRefusal(proposal);
  if (refused.length) throw new InputError(refused);
  return proposal;
}

/**
 * Writes the request file, never over another: another proposal for the same intent and target in
 * the same second gets a `-2`, `-3`… suffix. Returns the path written.
 */
export async function writeProposal(repoDir: string, p: Proposal): Promise<string> {
  await mkdir(dirname(join(repoDir, p.path)), { recursive: true });
  for (let n = 1; ; n++) {
    const rel = n === 1 ? p.path : p.path.replace(/\.yaml$/, `-${n}.yaml`);
    try {
      await writeFile(join(repoDir, rel), p.text, { flag: 'wx' });
      return rel;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
  }
}

/**
 * Writes the request unless the same one (same key) is already there and has not run: then that
 * file is returned, so an agent's retry does not make the intent run twice.
 */
export async function saveProposal(
  repoDir: string,
  p: Proposal,
): Promise<{ path: string; existing: boolean }> {
  const pending = await findPendingRequest(repoDir, p.plan.intent, p.key);
  if (pending) return { path: pending, existing: true };
  return { path: await writeProposal(repoDir, p), existing: false };
}
