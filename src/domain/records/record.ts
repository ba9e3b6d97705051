import type { ExecutionRecord, UnsignedRecord } from '../schemas/record.js';
import { createSha256 } from './sha256.js';

/**
 * JSON with keys sorted at every level: the same record always hashes the same. Byte for byte what
 * `JSON.stringify` with a key-sorting replacer gives (its first form), built as one sorted copy and
 * one native stringify: `audit verify` hashes thousands of records, and the replacer's per-object
 * entries/fromEntries cost most of that.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value));
}

function sortedCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return sortedCopy((v as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(v)) return v.map(sortedCopy);
  // No prototype: a "__proto__" key is then a plain key, as in the parsed YAML.
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(v).sort()) out[k] = sortedCopy((v as Record<string, unknown>)[k]);
  return out;
}

export function sha256(text: string): string {
  return `sha256:${createSha256().update(text).digest('hex')}`;
}

/** The digest covers everything but itself, prev_digest included, which chains the records. */
export function recordDigest(record: UnsignedRecord | ExecutionRecord): string {
  const { digest: _omit, ...rest } = record as ExecutionRecord;
  return sha256(canonicalJson(rest));
}

export function sealRecord(record: UnsignedRecord): ExecutionRecord {
  return { ...record, digest: recordDigest(record) };
}

/** `executions/YYYY-MM-DD/<id>.yaml`, dated in UTC like the id. */
export function recordPath(record: Pick<ExecutionRecord, 'id' | 'timestamp'>): string {
  return `executions/${record.timestamp.slice(0, 10)}/${record.id}.yaml`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * `exec-20251223-143052-deploy-app-home-portal-1a2b3c`: the seed's form, readable in a listing, with a
 * short hash of what makes the run unique (request, commit, start) so two runs in a second never clash.
 */
export function executionId(opts: { at: Date; intent: string; target?: string; unique: string }): string {
  const iso = opts.at.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  const hash = createSha256().update(opts.unique).digest('hex').slice(0, 6);
  const parts = ['exec', stamp, slug(opts.intent), opts.target ? slug(opts.target) : '', hash].filter(
    Boolean,
  );
  return parts.join('-');
}

/** Seconds as the seed writes them ("45s"), to the millisecond. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
