import { RecordStore } from '../../adapters/record-store.js';
import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { InputError } from '../../domain/input/errors.js';
import { unknownEnvironment } from '../../domain/request/environment.js';
import type { ParamValue } from '../../domain/request/params.js';
import { loadRepo } from '../shared/load-repo.js';
import { draftProposal, type Proposal } from './propose.js';

// `intentops promote <execution-id> --to production`: the request that runs in a later environment
// the change an execution ran in an earlier one — same intent, same params — written like a proposal.
// Its plan carries the promotion gate's verdict, so a promotion that cannot run yet says why.

export interface PromoteInput {
  id: string;
  to: string;
  reason?: string;
  proposer?: string;
  now: Date;
}

export interface Promotion {
  proposal: Proposal;
  /** The environment the execution ran in. */
  from: string;
  /** The request's reason, as written: a PR names it too. */
  reason: string;
}

export async function draftPromotion(repoDir: string, input: PromoteInput): Promise<Promotion> {
  const refuse = (message: string, file = input.id): never => {
    const d: Diagnostic = { file, severity: 'error', message };
    throw new InputError([d]);
  };
  const records = new RecordStore(repoDir);
  const rel = await records.findById(input.id);
  if (!rel) return refuse(`no execution record with id ${input.id} under executions/`);
  const execution = await records.read(rel);
  if (execution.observation_of)
    return refuse(
      `${input.id} is a bake's follow-up record; promote the execution ${execution.observation_of}`,
    );
  if (execution.rollback_of) return refuse(`${input.id} is a rollback: there is no change to promote`);
  const from = execution.environment;
  if (from === undefined)
    return refuse(`${input.id} names no environment: only a run in a declared environment is promoted`);
  const { catalog } = await loadRepo(repoDir, []);
  const problem = unknownEnvironment(input.to, catalog.environments?.data);
  if (problem) return refuse(problem, '--to');
  if (input.to === from)
    return refuse(`${input.id} ran in ${from} already: --to names the next environment`, '--to');
  const reason =
    input.reason ?? `promote ${execution.id} from ${from} to ${input.to}: ${execution.request.reason}`;
  const proposal = await draftProposal(repoDir, {
    intent: execution.intent,
    params: execution.params as Record<string, ParamValue>,
    reason,
    environment: input.to,
    ...(input.proposer ? { proposer: input.proposer } : {}),
    now: input.now,
    withHistory: true,
  });
  return { proposal, from, reason };
}
