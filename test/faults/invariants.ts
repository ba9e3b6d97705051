import { rm } from 'node:fs/promises';
import { parse } from 'yaml';
import { auditVerify } from '../../src/app/audit/verify.js';
import type { ExecutionRecord } from '../../src/domain/schemas/record.js';
import { git } from '../helpers/gitops-remote.js';
import { cloneMain, pushedText, SECRET_TOKEN, stepRuns, type World } from './world.js';

// What must hold after every fault scenario, whatever was killed or failed where. One function, so
// every scenario is judged by the same rules; each violation is a sentence naming what broke.

const TERMINAL = new Set(['success', 'failed', 'cancelled', 'interrupted', 'denied', 'expired']);
let clones = 0;

function fallbackBranches(w: World): string[] {
  return git(w.repo.remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/intentops/records/')
    .split('\n')
    .filter(Boolean);
}

export async function checkInvariants(w: World): Promise<string[]> {
  const out: string[] = [];
  const files = w.repo.files();
  // A branch that refused the records diverts them to intentops/records/<run>, whose pull request
  // brings them back: until it merges, those branches hold them (app/records/record-publisher.ts).
  const branches = ['main', ...fallbackBranches(w)];
  const byFile = new Map<string, { file: string; record: ExecutionRecord }>();
  const claims = new Set<string>();
  for (const branch of branches) {
    for (const f of w.repo.files(branch)) {
      if (/^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/.test(f) && !byFile.has(f))
        byFile.set(f, { file: f, record: parse(w.repo.show(f, branch)) as ExecutionRecord });
      if (f.startsWith('executions/claims/') && !f.includes('/rollback-'))
        claims.add((parse(w.repo.show(f, branch)) as { request: string }).request);
    }
  }
  const records = [...byFile.values()];

  // Each merged request: exactly one terminal record of its own (retries apart), or a live claim.
  for (const path of w.requests) {
    const own = records.filter(
      (r) =>
        r.record.request.path === path &&
        !r.record.retry_of &&
        !r.record.rollback_of &&
        // A bake's follow-up names the run it observed; it is not a second run of the request.
        !r.record.observation_of,
    );
    if (own.length > 1) out.push(`${path}: ${own.length} records (${own.map((r) => r.file).join(', ')})`);
    for (const r of own)
      if (!TERMINAL.has(r.record.status)) out.push(`${path}: record ${r.file} is ${r.record.status}`);
    if (own.length === 0 && !claims.has(path)) out.push(`${path}: neither a record nor a claim`);
  }

  // No step ran twice without a /retry.
  for (const [line, n] of stepRuns(w)) {
    const app = line.split(' ')[1] ?? '';
    const allowed = 1 + (w.retries.get(`intents/requests/${app}.yaml`) ?? 0);
    if (n > allowed) out.push(`step '${line}' ran ${n} times (at most ${allowed})`);
  }

  // No record lost from git.
  for (const f of w.seenRecords) if (!files.includes(f)) out.push(`record ${f} was pushed, then lost`);

  // The digest chain verifies.
  const dir = cloneMain(w, `verify-${++clones}`);
  try {
    const report = await auditVerify(dir);
    for (const p of report.problems) out.push(`audit: ${JSON.stringify(p)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // No duplicate incident issue, and no duplicate bot pull request.
  const seen = new Map<string, number>();
  for (const issue of w.double.state.issues.values()) {
    const fp = /<!-- intentops:fingerprint[:= ]([^ ]+) -->/.exec(issue.body ?? '')?.[1];
    const key = issue.pull ? `pr:${issue.title}` : fp ? `fp:${fp}` : undefined;
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [k, n] of seen) if (n > 1) out.push(`${n} open items for ${k}`);

  // An auto rollback ran at most once per execution.
  const rollbacks = new Map<string, number>();
  for (const { record } of records) {
    if (record.rollback_of && record.rollback?.mode === 'auto')
      rollbacks.set(record.rollback_of, (rollbacks.get(record.rollback_of) ?? 0) + 1);
  }
  for (const [of, n] of rollbacks) if (n > 1) out.push(`${of} rolled back automatically ${n} times`);

  // No secret in anything pushed, nor in anything the bot wrote on GitHub.
  if (pushedText(w).includes(SECRET_TOKEN)) out.push('the token is in a pushed file or commit message');
  for (const i of w.double.state.issues.values())
    if ((i.body ?? '').includes(SECRET_TOKEN)) out.push(`the token is in #${i.number}`);
  for (const c of w.double.state.comments.values())
    if (JSON.stringify(c).includes(SECRET_TOKEN)) out.push('the token is in a comment');
  return out;
}
