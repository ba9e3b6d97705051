import { InputError } from '../../domain/input/errors.js';
import { askText, failedText, neverText, rollbackTrigger } from '../../domain/rollback/rollback.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { loadRepo } from '../shared/load-repo.js';
import type { ExecPorts } from '../shared/ports.js';
import {
  draftsOf,
  executionOf,
  localNotes,
  type RollbackOptions,
  type RollbackResult,
  rollbackSetup,
  runRollback,
} from './run-rollback.js';

// After a record that went wrong — a failed check or a P1 indicator in the run, or a failed bake —
// the policy decides: auto runs the rollback now, ask tells the humans how, never says so. A
// rollback that went wrong is never rolled back: a human is asked.

export type Remediation =
  | { action: 'none' }
  | { action: 'rolled-back'; rollback: RollbackResult }
  | { action: 'refused'; reason: string }
  | { action: 'asked' | 'never' | 'human' | 'requested'; text: string; of: string };

export interface RemediateOptions
  extends Omit<RollbackOptions, 'id' | 'execution' | 'by' | 'mode' | 'trigger' | 'commentUrl'> {
  /** The record that went wrong: an execution, or a bake's follow-up. */
  record: ExecutionRecord;
  /** Tells the humans outside the drafts (the request PR's comment); the text is Markdown. */
  askHuman?: (text: string, of: string) => Promise<void>;
  /**
   * When the policy says auto but the rollback must run elsewhere (the bake job on GitHub hands it
   * to the execute job, where executions run): asks for it and returns what to tell the humans.
   */
  delegate?: (execution: ExecutionRecord, trigger: string) => Promise<string>;
}

export async function remediate(o: RemediateOptions, ports: ExecPorts): Promise<Remediation> {
  const trigger = rollbackTrigger(o.record);
  if (!trigger) return { action: 'none' };
  const execution = await executionOf(o.repoDir, { execution: o.record });
  const note = o.noteDrafts ?? localNotes(o.repoDir);
  const tell = async (action: 'asked' | 'never' | 'human', text: string): Promise<Remediation> => {
    const paths = [
      ...new Set([...(await draftsOf(o.repoDir, execution)), ...o.record.drafts.map((d) => d.path)]),
    ];
    await note(paths, text);
    await o.askHuman?.(text, execution.id);
    ports.log(`  ${text.replace(/\*\*/g, '')}`);
    return { action, text, of: execution.id };
  };
  if (execution.rollback_of) return tell('human', failedText(execution.id));
  const { catalog } = await loadRepo(o.repoDir, []);
  const plan = rollbackSetup(catalog, execution);
  if (!plan.rollback) return { action: 'none' };
  if (plan.rollback.mode === 'never') return tell('never', neverText(execution.id, plan.rollback.policy));
  if (plan.rollback.mode === 'ask') return tell('asked', askText(execution.id, trigger));
  if (o.delegate) {
    const text = await o.delegate(execution, trigger);
    await o.askHuman?.(text, execution.id);
    ports.log(`  ${text.replace(/\*\*/g, '')}`);
    return { action: 'requested', text, of: execution.id };
  }
  try {
    const rollback = await runRollback({ ...o, execution, by: 'policy', mode: 'auto', trigger }, ports);
    return { action: 'rolled-back', rollback };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    ports.log(`  no rollback: ${err.message}`);
    return { action: 'refused', reason: err.message };
  }
}
