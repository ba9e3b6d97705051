import { DEFAULT_RETENTION, prune } from '../app/audit/prune.js';
import { durationFlag } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

// `intentops prune [--retention 30d] [--dry-run]`: records past the retention into weekly rollups
// (the working tree only; the action commits). Exit 1 when a record had to be kept because it does
// not verify.

export async function pruneCommand(
  g: GlobalOptions,
  o: { retention?: string; dryRun?: boolean },
): Promise<number> {
  const retention = o.retention ?? DEFAULT_RETENTION;
  const retentionS = durationFlag('--retention', retention, '30d');
  const res = await prune({ repoDir: g.repo, now: new Date(), retentionS, dryRun: !!o.dryRun });
  if (g.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
  else {
    const verb = res.dryRun ? 'would move' : 'moved';
    for (const r of res.rollups) process.stdout.write(`${r.path}: +${r.added} (${r.total} in all)\n`);
    for (const k of res.kept) process.stderr.write(`kept ${k.path}: ${k.reason}\n`);
    process.stderr.write(
      `${verb} ${res.pruned.length} record(s) older than ${res.cutoff} into ${res.rollups.length} rollup(s)${res.claims.length ? `, and ${res.claims.length} claim(s) with them` : ''}${res.dryRun ? ' (dry run: nothing changed)' : ''}\n`,
    );
  }
  return res.kept.length ? 1 : 0;
}
