import { GitDiffError } from '../adapters/git-diff.js';
import { checkBotOwned } from '../app/audit/bot-owned.js';
import { auditVerify } from '../app/audit/verify.js';
import { describeOrigin } from '../app/records/origin.js';
import { InputError } from '../domain/input/errors.js';
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

/**
 * `intentops audit bot-owned`: exit 0 when the pull request leaves the bot's evidence alone or is
 * the bot's own, 1 naming each touched path, 2 on bad input. Paths are printed JSON-quoted: a file
 * name can hold a newline, and a line of its own could read as a workflow command in CI.
 */
export async function auditBotOwnedCommand(
  g: GlobalOptions,
  o: { base: string; head: string; author: string; actor?: string; bot?: string[] },
): Promise<number> {
  const bots = [...(o.bot ?? []), ...(process.env.INTENTOPS_BOT_LOGINS ?? '').split(',')]
    .map((b) => b.trim())
    .filter(Boolean);
  const res = await checkBotOwned(g.repo, {
    base: o.base,
    head: o.head,
    author: o.author,
    ...(o.actor ? { actor: o.actor } : {}),
    bots,
  }).catch((err: unknown) => {
    // An unknown commit is bad input (exit 2), not a refused pull request (exit 1).
    if (err instanceof GitDiffError) throw new InputError([], err.message);
    throw err;
  });
  if (g.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
  else {
    for (const t of res.touched) {
      const from = t.origin ? ` — says it came from ${describeOrigin(t.origin)}` : '';
      process.stdout.write(`${res.ok ? '✔' : '✖'} ${JSON.stringify(t.path)} (${t.status})${from}\n`);
    }
    process.stderr.write(
      res.ok
        ? `✔ ${res.touched.length ? `${res.touched.length} bot-owned path(s), changed by the bot` : 'no bot-owned path changed'}\n`
        : `✖ ${res.why}\n`,
    );
    if (res.touched.some((t) => t.origin?.kind === 'local'))
      process.stderr.write(
        "a local run's record stays out of pull requests: the execute job writes the records (drop it, e.g. git rm -r --cached executions/)\n",
      );
  }
  return res.ok ? 0 : 1;
}
