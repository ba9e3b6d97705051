import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parseRecordText, RecordScanError, recordTexts } from '../../adapters/record-scan.js';
import { RecordStore } from '../../adapters/record-store.js';
import { InputError } from '../../domain/input/errors.js';
import { type ExecutionRecord, ExecutionRecordSchema, RECORD_STATUSES } from '../../domain/schemas/record.js';

// Records for replay, backtest, audit, the report and the bot's metrics: read fast (js-yaml, see record-scan), shape-checked with
// the record schema, and a file that is not a record is reported by path rather than thrown.

export type ReadRecord =
  | { path: string; record: ExecutionRecord; raw: unknown }
  | { path: string; error: string; raw?: unknown };

const STATUSES = new Set<string>(RECORD_STATUSES);
const ARRAYS = ['commands_run', 'checks', 'failure_indicators', 'anomalies', 'rules_not_evaluated', 'drafts'];
const STRINGS = ['id', 'timestamp', 'intent', 'duration', 'catalog_digest', 'digest'];

/**
 * The fields replay, backtest and audit read, checked by hand: the full schema costs ~0.1 ms a
 * record, which is half the budget over 10,000 of them. A record that passes this but not the
 * schema is caught where it is used (see `fullCheck`).
 */
function quickCheck(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'expected a mapping';
  const r = raw as Record<string, unknown>;
  for (const k of STRINGS) if (typeof r[k] !== 'string') return `${k}: expected a string`;
  for (const k of ARRAYS) if (!Array.isArray(r[k])) return `${k}: expected a list`;
  if (!STATUSES.has(r.status as string)) return `status: expected one of ${RECORD_STATUSES.join(', ')}`;
  if (r.prev_digest !== null && typeof r.prev_digest !== 'string')
    return 'prev_digest: expected a string or null';
  if (!r.params || typeof r.params !== 'object') return 'params: expected a mapping';
  if (!r.outcome_checks || typeof r.outcome_checks !== 'object') return 'outcome_checks: expected a mapping';
  const policy = r.policy as { verdict?: unknown } | undefined;
  if (!policy || typeof policy.verdict !== 'string') return 'policy.verdict: expected a string';
  if (!r.request || typeof r.request !== 'object') return 'request: expected a mapping';
  if (!r.tool || typeof r.tool !== 'object') return 'tool: expected a mapping';
  return undefined;
}

/** The record schema's first complaint, for a record that failed where it was used. */
export function fullCheck(raw: unknown): string {
  const parsed = ExecutionRecordSchema.safeParse(raw);
  if (parsed.success) return 'not an execution record';
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return `not an execution record${at}: ${issue?.message ?? 'invalid'}`;
}

export function checkRecord(path: string, raw: unknown, full = false): ReadRecord {
  if (full) {
    const parsed = ExecutionRecordSchema.safeParse(raw);
    return parsed.success
      ? { path, record: raw as ExecutionRecord, raw }
      : { path, error: fullCheck(raw), raw };
  }
  const problem = quickCheck(raw);
  return problem === undefined
    ? { path, record: raw as ExecutionRecord, raw }
    : { path, error: `not an execution record: ${problem}`, raw };
}

/**
 * Every record under executions/ (from `since` on), oldest first; one that does not parse, or is not
 * a record, is reported by path. `full`: the whole record schema, for callers that use every field.
 */
export async function* readRecords(repoDir: string, since?: Date, full = false): AsyncGenerator<ReadRecord> {
  for await (const { path, text } of recordTexts(repoDir, since ? { since } : {}))
    yield parseOne(path, text, full);
}

/** readRecords, with each file's text as read (audit verify hashes it as git does). */
export async function* readRecordsWithText(repoDir: string): AsyncGenerator<ReadRecord & { text: string }> {
  for await (const { path, text } of recordTexts(repoDir)) yield { ...parseOne(path, text), text };
}

function parseOne(path: string, text: string, full = false): ReadRecord {
  try {
    return checkRecord(path, parseRecordText(text, path), full);
  } catch (err) {
    if (err instanceof RecordScanError) return { path, error: `not YAML: ${err.reason}` };
    throw err;
  }
}

/**
 * A record named by execution id or by path (relative to the repo or the cwd). Only files under
 * the repo's executions/ are read; anything else is bad input.
 */
export async function loadRecord(repoDir: string, ref: string): Promise<ReadRecord> {
  let rel: string | null = null;
  if (ref.endsWith('.yaml') || ref.includes('/')) {
    const candidates = isAbsolute(ref) ? [ref] : [join(repoDir, ref), join(process.cwd(), ref)];
    for (const abs of candidates) {
      const r = relative(repoDir, abs).split(sep).join('/');
      if (/^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/.test(r) && existsSync(join(repoDir, r))) {
        rel = r;
        break;
      }
    }
  } else {
    rel = await new RecordStore(repoDir).findById(ref);
  }
  if (!rel) {
    throw new InputError([
      {
        file: ref,
        severity: 'error',
        message:
          'no such execution record: expected an execution id or a path executions/YYYY-MM-DD/<id>.yaml',
      },
    ]);
  }
  return parseOne(rel, await readFile(join(repoDir, rel), 'utf8'), true);
}
