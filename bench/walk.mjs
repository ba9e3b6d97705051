// The walk from the action's execute entry, before and after a restructuring, side by side (issue 25).
//   npm run bench:walk                              (before: b40d75f, the tree issue 25 measured; after:
//                                                   this working tree)
//   npm run bench:walk -- <rev-before> [<rev-after>] (other revisions; WALK_EVENTS=N: N events, not 400;
//                                                   WALK_SHOW=1 prints each side's walk, room by room)
// Asserts nothing.
//
// How it walks, deterministically: the action's execute runs once per tree as
// test/action-execute.test.ts runs it (a real checkout with a bare remote, the GitHub double in this
// process, a merged request that restarts web and files an incident), from that tree's TypeScript
// source (tsx). A module hook (walk-hooks.mjs, registered by walk-trace.mjs) adds to every function of
// the tree's src/ a first statement that names its file, so the trace is the exact sequence of
// function entries, not a sample. The action has concurrent I/O (git, the API) whose interleaving can
// shift late in the sequence on a loaded machine, so each side runs twice and says whether the two
// sequences agree; the counts came out the same in every run so far. The trace starts at the entry of
// `executeReconcile` (action/execute-reconcile.ts).
//
// The measure, over the first N events:
//   event     entering a function in another file than the previous entry's (entries that stay in one
//             file are one event);
//   room      the event's folder, `src/<layer>/<stage-or-concept>` (a loose file: its layer's root);
//   rooms     how many distinct rooms the N events visit;
//   climbs    moves from one room to another higher up the order the lint enforces
//             (docs/ARCHITECTURE.md): to a higher layer (domain, generated and src's root < adapters <
//             app < action, mcp < cli), or inside app/ to a stage later in the stage table (shared <
//             init < records < audit < incidents < report < after-run < plan < validate < observe <
//             propose < learn < execute < rollback < dashboard < demo). A move from or to app/'s root
//             (the old tree's loose files) has no stage order and counts only when it changes layer;
//   re-entries  moves into action/ from another room, after the walk first leaves it.
// Issue 25 reported 57 rooms, 31 climbs and 8 re-entries by a measure it did not spell out; this one
// is the same measure on both trees.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const [beforeRev = 'b40d75f', afterRev] = process.argv.slice(2);
const N = Number(process.env.WALK_EVENTS ?? 400);

const LAYER = { domain: 0, generated: 0, '.': 0, adapters: 1, app: 2, action: 3, mcp: 3, cli: 4 };
const STAGES = [
  'shared',
  'init',
  'records',
  'audit',
  'incidents',
  'report',
  'after-run',
  'plan',
  'validate',
  'observe',
  'propose',
  'learn',
  'execute',
  'rollback',
  'dashboard',
  'demo',
];

/** `app/execute/reconcile.ts` → `app/execute`; `app/validate.ts` → `app`; `version.ts` → `.` */
function roomOf(file) {
  const parts = file.split('/').slice(0, -1);
  return parts.length === 0 ? '.' : parts.slice(0, 2).join('/');
}

function isClimb(from, to) {
  const [la, sa] = from.split('/');
  const [lb, sb] = to.split('/');
  if (LAYER[lb] !== LAYER[la]) return LAYER[lb] > LAYER[la];
  if (la !== 'app' || lb !== 'app') return false;
  const a = STAGES.indexOf(sa);
  const b = STAGES.indexOf(sb);
  return a >= 0 && b >= 0 && b > a;
}

/** Runs the action's execute from `tree` once; the file of each function entered, in order. */
function trace(tree) {
  const out = join(tmp, `trace-${Math.random().toString(36).slice(2)}`);
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'walk-run.ts'), tree, out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]);
}

function measure(entries) {
  const events = [];
  for (const f of entries) if (events.at(-1) !== f) events.push(f);
  const walk = events.slice(0, N).map(roomOf);
  let climbs = 0;
  let layerClimbs = 0;
  let reentries = 0;
  let left = false;
  for (let i = 1; i < walk.length; i++) {
    const [a, b] = [walk[i - 1], walk[i]];
    if (a === b) continue;
    if (isClimb(a, b)) climbs++;
    if (LAYER[b.split('/')[0]] > LAYER[a.split('/')[0]]) layerClimbs++;
    if (a === 'action') left = true;
    if (b === 'action' && left) reentries++;
  }
  return {
    events: walk.length,
    rooms: new Set(walk).size,
    files: new Set(events.slice(0, N)).size,
    climbs,
    layerClimbs,
    reentries,
    key: events.slice(0, N).join('\n'),
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'intentops-walk-'));
/** A revision's src/ as it was, with this checkout's node_modules (git archive: no worktree to clean up). */
function treeAt(rev, name) {
  const dir = join(tmp, name);
  execFileSync('mkdir', [dir]);
  execFileSync('sh', ['-c', `git archive ${rev} src package.json tsconfig.json | tar -x -C ${dir}`], {
    cwd: root,
  });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
const before = treeAt(beforeRev, 'before');
const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const sides = {
  [`before (${beforeRev})`]: before,
  ...(afterRev ? { [`after (${afterRev})`]: treeAt(afterRev, 'after') } : { [`after (${head}+)`]: root }),
};
const results = {};
for (const [name, tree] of Object.entries(sides)) {
  const a = measure(trace(tree));
  const b = measure(trace(tree));
  results[name] = { ...a, deterministic: a.key === b.key };
  if (process.env.WALK_SHOW) {
    // Runs of one room as `room ×n`: the walk as a newcomer would take it.
    const runs = [];
    for (const room of a.key.split('\n').map(roomOf))
      if (runs.at(-1)?.[0] === room) runs[runs.length - 1][1]++;
      else runs.push([room, 1]);
    console.log(`${name}: ${runs.map(([r, k]) => (k > 1 ? `${r} ×${k}` : r)).join(' → ')}\n`);
  }
}
rmSync(tmp, { recursive: true, force: true });

const names = Object.keys(results);
console.log(`the action's execute, walked from executeReconcile: first ${N} events`);
console.log(`${''.padEnd(26)}${names.map((n) => n.padStart(20)).join('')}`);
for (const [label, k] of [
  ['rooms', 'rooms'],
  ['files', 'files'],
  ['climbs back up', 'climbs'],
  ['  of which to a layer', 'layerClimbs'],
  ['re-entries into action/', 'reentries'],
  ['events', 'events'],
  ['same in two runs', 'deterministic'],
])
  console.log(`${label.padEnd(26)}${names.map((n) => String(results[n][k]).padStart(20)).join('')}`);
