import { resolve } from 'node:path';
import { checkRepo, type FileDifference } from '../app/init/check.js';
import { actionRepoIn, DEFAULT_ACTION_REPO, initRepo } from '../app/init/scaffold.js';
import { buildVersion } from '../build-version.js';
import { InputError } from '../domain/input/errors.js';
import type { GlobalOptions } from './main.js';

// `intentops init [dir] [--action-repo owner/intentops] [--check | --update]`: scaffold a GitOps
// repository (never overwriting), or with --check say what it is missing and where its workflows
// differ from what this version needs (exit 1 then), or with --update merge this version's
// templates into the files an earlier version wrote (exit 1 when a conflict is left to resolve).

const ACTION_REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

export const formatDifference = (d: FileDifference): string =>
  `  ${d.file}:${d.line}  ${d.path ? `${d.path}: ` : ''}${d.message}`;

export async function initCommand(
  g: GlobalOptions,
  dir: string | undefined,
  o: { actionRepo?: string; check?: boolean; update?: boolean },
): Promise<number> {
  if (o.actionRepo !== undefined && !ACTION_REPO.test(o.actionRepo)) {
    throw new InputError([
      { file: '--action-repo', severity: 'error', message: `expected owner/name, got '${o.actionRepo}'` },
    ]);
  }
  if (o.check && o.update) {
    throw new InputError([
      { file: '--update', severity: 'error', message: 'give --check or --update, not both' },
    ]);
  }
  const repoDir = dir === undefined ? g.repo : resolve(dir);
  const version = await buildVersion();
  // Without --action-repo, the repository the workflows already use (a fork stays a fork).
  const actionRepo = o.actionRepo ?? (await actionRepoIn(repoDir)) ?? DEFAULT_ACTION_REPO;
  const opts = { actionRepo, actionRepoGiven: o.actionRepo !== undefined, version, now: new Date() };
  if (o.check) {
    const res = await checkRepo(repoDir, opts);
    const ok = !res.missing.length && !res.outOfDate.length;
    if (g.json) out(JSON.stringify({ ok, version, ...res }, null, 2));
    else {
      for (const p of res.missing) out(`missing      ${p}`);
      for (const p of res.outOfDate) {
        out(`out of date  ${p}`);
        for (const d of res.differences.filter((x) => x.file === p)) out(formatDifference(d));
      }
      err(
        ok
          ? `✔ up to date with intentops ${version}`
          : `✖ ${res.missing.length} missing, ${res.outOfDate.length} out of date (${res.differences.length} difference(s)) against intentops ${version}: \`intentops init\` adds the missing ones, \`intentops init --update\` merges this version's changes into the others`,
      );
    }
    return ok ? 0 : 1;
  }
  if (o.update) {
    const { updateCommand } = await import('./init-update-command.js');
    return updateCommand(g, repoDir, opts);
  }
  const res = await initRepo(repoDir, opts);
  if (g.json) out(JSON.stringify(res, null, 2));
  else {
    for (const p of res.written) out(`wrote  ${p}`);
    for (const p of res.kept) out(`kept   ${p} (exists)`);
    err(
      `✔ ${res.written.length} file(s) written, ${res.kept.length} kept, in ${repoDir}: run \`intentops validate\`, commit, and see docs/setup.md for the repository settings`,
    );
  }
  return 0;
}
