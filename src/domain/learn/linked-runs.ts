import { followUpSuffix } from '../records/bake-record.js';
import { rollbackId } from '../rollback/rollback.js';

// A rollup entry keeps neither `observation_of` nor `rollback_of`, yet a bake's follow-up is part
// of the run it observed and a rollback is not a request of its own. Both ids end with a suffix
// made from the run they belong to (bake-record.ts, rollback.ts), so that run is found again.

export interface RunRef {
  id: string;
  intent: string;
  target?: string;
}

export interface Link {
  observationOf?: string;
  rollbackOf?: string;
}

/** `exec-<date>-<time>-<rest>` → `<rest>`: what a follow-up or rollback id shares with its run's. */
const tail = (id: string) => id.split('-').slice(3).join('-');

/** What each id is to the other runs: a follow-up of one, a rollback of one, or neither. */
export function linkedRuns(runs: readonly RunRef[]): (id: string) => Link {
  const links = new Map<string, Link>();
  for (const r of runs) {
    // targetOf({ target }) is the target: the same slug the real params gave the ids.
    const run = { id: r.id, intent: r.intent, params: r.target ? { target: r.target } : {} };
    links.set(followUpSuffix(run), { observationOf: r.id });
    links.set(tail(rollbackId(run, new Date(0))), { rollbackOf: r.id });
  }
  return (id) => links.get(tail(id)) ?? {};
}
