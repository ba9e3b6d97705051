import type { CheckOptions } from '../app/init/check.js';
import { type FileUpdate, updateRepo } from '../app/init/update.js';
import type { WorkflowDifference } from '../app/init/workflow-compare.js';
import type { GlobalOptions } from './main.js';

// `intentops init --update`: merge this version's templates into the files (src/app/init/update.ts)
// and say, file by file, what changed: the lines, the differences of substance it resolved, the
// conflicts left. Exit 1 while a conflict (or an edited schema) waits for a person.

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

/** A value short enough to print on the line of its path. */
const brief = (v: string | undefined) => (v !== undefined && v.length <= 60 ? ` ${v}` : '');

/** What the update did about one difference of substance. */
function change(d: WorkflowDifference): string {
  if (d.kind === 'missing') return `added${brief(d.expected)}`;
  if (d.kind === 'extra') return 'removed';
  return d.found !== undefined && d.expected !== undefined && d.found.length + d.expected.length <= 80
    ? `${d.found} → ${d.expected}`
    : 'changed';
}

function describe(u: FileUpdate, version: string): string[] {
  const detail =
    u.status === 'current'
      ? [`its header line now names intentops ${version}`]
      : [
          u.from && u.status !== 'added' ? `from ${u.from}` : '',
          u.added || u.removed ? `+${u.added} -${u.removed} lines` : '',
          u.conflicts?.lines.length
            ? `conflict${u.conflicts.lines.length === 1 ? '' : 's'} at line${u.conflicts.lines.length === 1 ? '' : 's'} ${u.conflicts.lines.join(', ')}`
            : '',
          u.note ?? '',
        ].filter(Boolean);
  return [
    `${u.status.padEnd(9)} ${u.path}${detail.length ? ` (${detail.join('; ')})` : ''}`,
    ...u.resolved.map((d) => `            ${d.path}: ${change(d)}`),
  ];
}

export async function updateCommand(g: GlobalOptions, repoDir: string, o: CheckOptions): Promise<number> {
  const plan = await updateRepo(repoDir, o);
  const waiting = plan.filter((u) => u.status === 'conflict' || u.status === 'edited');
  const count = (s: FileUpdate['status']) => plan.filter((u) => u.status === s).length;
  if (g.json) {
    const files = plan.map(({ text: _, ...u }) => u);
    out(JSON.stringify({ ok: waiting.length === 0, version: o.version, files }, null, 2));
  } else {
    for (const u of plan)
      if (u.status !== 'current' || u.text !== undefined) for (const l of describe(u, o.version)) out(l);
    err(
      waiting.length
        ? `✖ ${waiting.length} file(s) need you: resolve the <<<<<<< markers (your lines above =======, intentops ${o.version}'s below), then \`intentops init --check\`; ${count('updated')} updated, ${count('added')} added`
        : `✔ ${count('updated')} updated, ${count('added')} added, ${count('current')} already current with intentops ${o.version}: review with \`git diff\`, then commit`,
    );
  }
  return waiting.length ? 1 : 0;
}
