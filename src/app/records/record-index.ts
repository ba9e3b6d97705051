import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Git } from '../../adapters/git.js';
import { checkOutRecordDays } from '../../adapters/record-days-checkout.js';
import { readRollups } from '../../adapters/rollup-store.js';
import { CLAIMS_DIR, type Claim, ClaimSchema } from '../../domain/reconcile/claim.js';
import { keyOfId } from '../../domain/reconcile/request-id.js';
import { classifyRequestPath } from '../../domain/request/request-path.js';

// What the records on disk say, indexed by the reconcile's lookup key. Only file names are read —
// a record's name is its id — except for claims that have no record yet, which are few.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RECORD_PATH = /^executions\/\d{4}-\d{2}-\d{2}\/([^/]+)\.yaml$/;

export interface RecordIndex {
  /** key → path of the final record. */
  records: Map<string, string>;
  /** key → claim, only for claims without a final record. */
  claims: Map<string, Claim>;
  /** Claim files that cannot be read: reported, never silently treated as absent. */
  unreadable: { path: string; error: string }[];
}

/**
 * Every record's name: those committed from HEAD's tree (one git call, nothing checked out: the
 * execute job's checkout leaves old record folders out) and those on disk. Only names are read — a
 * record's name is its id — so every settled request and retry is known, however old, and only the
 * claims without a record are read.
 */
export async function indexRecords(
  repoDir: string,
  /** Records and claims on other branches (the fallback branches), with a reader for claims. */
  elsewhere: { path: string; where: string; read: () => Promise<string | null> }[] = [],
): Promise<RecordIndex> {
  const root = join(repoDir, 'executions');
  const records = new Map<string, string>();
  const add = (path: string) => {
    const m = RECORD_PATH.exec(path);
    const key = m ? keyOfId(m[1] as string) : null;
    if (key && !records.has(key)) records.set(key, path);
  };
  for (const path of await new Git(repoDir).treeFiles('executions')) add(path);
  const days = (await readdir(root).catch(() => [] as string[])).filter((d) => DAY.test(d));
  const lists = await Promise.all(days.map((d) => readdir(join(root, d)).catch(() => [] as string[])));
  days.forEach((day, i) => {
    for (const f of lists[i] ?? []) add(`executions/${day}/${f}`);
  });
  const claimFiles: { f: string; where: string; read: () => Promise<string | null> }[] = [];
  for (const e of elsewhere) {
    const f = e.path.split('/').pop() ?? '';
    if (!f.endsWith('.yaml')) continue;
    if (e.path.startsWith(`${CLAIMS_DIR}/`)) claimFiles.push({ f, where: e.where, read: e.read });
    else if (/^executions\/\d{4}-\d{2}-\d{2}\//.test(e.path)) {
      const key = keyOfId(f.slice(0, -5));
      if (key && !records.has(key)) records.set(key, `${e.where}:${e.path}`);
    }
  }
  for (const f of await readdir(join(repoDir, CLAIMS_DIR)).catch(() => [] as string[])) {
    claimFiles.push({ f, where: '', read: () => readFile(join(repoDir, CLAIMS_DIR, f), 'utf8') });
  }
  const claims = new Map<string, Claim>();
  const unreadable: RecordIndex['unreadable'] = [];
  for (const { f, where, read } of claimFiles) {
    if (!f.endsWith('.yaml')) continue;
    const key = keyOfId(f.slice(0, -5));
    if (!key || records.has(key) || claims.has(key)) continue;
    const path = `${where ? `${where}:` : ''}${CLAIMS_DIR}/${f}`;
    try {
      claims.set(key, ClaimSchema.parse(parse((await read()) ?? '')));
    } catch (err) {
      // At most once: a claim nobody can read still proves a run started, so its request is not
      // run again; the stand-in below is dead at once and becomes an interrupted record.
      unreadable.push({ path, error: (err as Error).message.split('\n')[0] ?? 'unreadable' });
      const id = f.slice(0, -5);
      claims.set(key, {
        id,
        request: '?',
        commit: '?',
        claimed_at: 'unknown',
        host: 'unknown',
        pid: 0,
        lease_until: new Date(0).toISOString(),
      });
    }
  }
  return { records, claims, unreadable };
}

/** Temporary files an interrupted record write left behind (`*.tmp` next to records): removed. */
export async function removeStaleTempFiles(repoDir: string): Promise<string[]> {
  const root = join(repoDir, 'executions');
  const entries = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  const stale = entries.filter((e) => e.endsWith('.tmp')).map((e) => `executions/${e}`);
  await Promise.all(stale.map((p) => rm(join(repoDir, p), { force: true })));
  return stale;
}

/**
 * Request path → the claim or record that settled it, from every claim and record file. Only read
 * after a force-push rewrote the history: the commits that added requests then have new ids, and a
 * request that ran (or was settled) before must not run again under its new id.
 */
export async function settledByPath(repoDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const root = join(repoDir, 'executions');
  await checkOutRecordDays(repoDir, null);
  const files = (await readdir(root, { recursive: true }).catch(() => [] as string[])).filter(
    (f) => f.endsWith('.yaml') && (f.startsWith('claims/') || DAY.test(f.split('/')[0] ?? '')),
  );
  for (const f of files) {
    const text = await readFile(join(root, f), 'utf8').catch(() => '');
    // A claim names it as `request: <path>`, a record as `request:\n  path: <path>`. The value is
    // taken as written (a YAML line end aside), not trimmed: only a request file name settles a request.
    const value = (/^request: (\S.*)$/m.exec(text) ?? /^request:\n {2}path: (\S.*)$/m.exec(text))?.[1];
    const path = value?.replace(/\r$/, '').replace(/^(['"])(.*)\1$/, '$2');
    if (path && classifyRequestPath(path).kind === 'request') out.set(path, `executions/${f}`);
  }
  // Records pruned into rollups (their claims went with them) still settle their requests.
  for (const e of await readRollups(repoDir).catch(() => [])) {
    if (e.request && !out.has(e.request)) out.set(e.request, e.path);
  }
  return out;
}
