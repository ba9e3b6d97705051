import { replayAll, replayOne } from '../app/audit/replay.js';
import { InputError } from '../domain/input/errors.js';
import { formatTimeline } from '../domain/records/replay-timeline.js';
import { sinceDate } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

// `intentops replay <execution-id|path>` or `replay --all`: exit 0 when the replay gives the
// recorded verdict, 1 when it differs (or a record cannot be read), 2 on bad input.

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

export async function replayCommand(
  g: GlobalOptions,
  ref: string | undefined,
  o: { all?: boolean; since?: string },
): Promise<number> {
  if (o.all || ref === undefined) {
    if (!o.all) {
      throw new InputError([
        { file: 'replay', severity: 'error', message: 'expected an execution id or path, or --all' },
      ]);
    }
    const since = sinceDate(o.since, new Date());
    const res = await replayAll(g.repo, since);
    if (g.json) out(JSON.stringify(res, null, 2));
    else {
      for (const d of res.differing) err(`✖ ${d.path}: ${d.differences.join('; ')}`);
      for (const u of res.unreadable) err(`✖ ${u.path}: ${u.reason}`);
      err(
        `${res.differing.length || res.unreadable.length ? '✖' : '✔'} replayed ${res.replayed} record(s): ${res.same} same verdict, ${res.differing.length} differ, ${res.unreadable.length} unreadable${res.firedOnly ? ` (${res.firedOnly} predate rules_evaluated: fired rules re-checked only)` : ''}`,
      );
    }
    return res.differing.length || res.unreadable.length ? 1 : 0;
  }
  const { path, record, outcome } = await replayOne(g.repo, ref);
  // Records are append-only: what undid this one is found by the records that name it.
  const { linkedRecords } = await import('../app/rollback/rollback-index.js');
  const linked = await linkedRecords(g.repo);
  const links = {
    rolled_back_by: (linked.rollbacks.get(record.id) ?? []).map(idOf),
    followed_up_by: (linked.followUps.get(record.id) ?? []).map(idOf),
  };
  out(
    g.json
      ? JSON.stringify({ path, record, replay: outcome, links }, null, 2)
      : [
          formatTimeline(record, outcome, path),
          ...(record.rollback_of
            ? [`rollback of ${record.rollback_of} (${record.rollback?.mode}, by ${record.rollback?.by})`]
            : []),
          ...links.followed_up_by.map((id) => `baked in ${id}`),
          ...links.rolled_back_by.map((id) => `rolled back by ${id}`),
        ].join('\n'),
  );
  return outcome.differences.length ? 1 : 0;
}

function idOf(rel: string): string {
  return (rel.split('/').pop() ?? rel).replace(/\.yaml$/, '');
}
