import { auditVerify } from '../app/audit/verify.js';
import { durationFlag } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

// `intentops audit verify`: exit 0 when every record and rollup checks out, 1 naming each problem
// by path (suitable for CI), 2 on bad input.

export async function auditVerifyCommand(g: GlobalOptions, o: { forkWindow?: string }): Promise<number> {
  const forkWindowS =
    o.forkWindow === undefined ? undefined : durationFlag('--fork-window', o.forkWindow, '1h or 2d');
  const res = await auditVerify(g.repo, forkWindowS === undefined ? {} : { forkWindowS });
  if (g.json) process.stdout.write(`${JSON.stringify({ ok: res.problems.length === 0, ...res }, null, 2)}\n`);
  else {
    for (const p of res.problems) process.stdout.write(`✖ ${p.path}: ${p.kind}: ${p.message}\n`);
    const forks = res.forks.length ? `, ${res.forks.length} fork(s) from concurrent runs` : '';
    process.stderr.write(
      `${res.problems.length ? '✖' : '✔'} ${res.records} record(s), ${res.rollupEntries} rolled-up entr(ies) in ${res.rollups} rollup(s)${forks}: ${res.problems.length} problem(s)\n`,
    );
  }
  return res.problems.length ? 1 : 0;
}
