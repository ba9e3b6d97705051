import { resolve } from 'node:path';
import { checkRepo, initRepo } from '../app/init/scaffold.js';
import { InputError } from '../domain/errors.js';
import { VERSION } from '../version.js';
import type { GlobalOptions } from './main.js';

// `intentops init [dir] [--action-repo owner/intentops] [--check]`: scaffold a GitOps repository
// (never overwriting), or with --check say what it is missing or has out of date (exit 1 then).

const ACTION_REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

export async function initCommand(
  g: GlobalOptions,
  dir: string | undefined,
  o: { actionRepo: string; check?: boolean },
): Promise<number> {
  if (!ACTION_REPO.test(o.actionRepo)) {
    throw new InputError([
      { file: '--action-repo', severity: 'error', message: `expected owner/name, got '${o.actionRepo}'` },
    ]);
  }
  const repoDir = dir === undefined ? g.repo : resolve(dir);
  const opts = { actionRepo: o.actionRepo, version: VERSION, now: new Date() };
  if (o.check) {
    const res = await checkRepo(repoDir, opts);
    if (g.json)
      process.stdout.write(
        `${JSON.stringify({ ok: !res.missing.length && !res.outOfDate.length, ...res }, null, 2)}\n`,
      );
    else {
      for (const p of res.missing) process.stdout.write(`missing      ${p}\n`);
      for (const p of res.outOfDate) process.stdout.write(`out of date  ${p}\n`);
      process.stderr.write(
        res.missing.length || res.outOfDate.length
          ? `✖ ${res.missing.length} missing, ${res.outOfDate.length} out of date: \`intentops init\` adds the missing ones; update the others by hand (for workflows: uses: ${o.actionRepo}@v${VERSION.split('.')[0]})\n`
          : `✔ up to date with intentops ${VERSION}\n`,
      );
    }
    return res.missing.length || res.outOfDate.length ? 1 : 0;
  }
  const res = await initRepo(repoDir, opts);
  if (g.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
  else {
    for (const p of res.written) process.stdout.write(`wrote  ${p}\n`);
    for (const p of res.kept) process.stdout.write(`kept   ${p} (exists)\n`);
    process.stderr.write(
      `✔ ${res.written.length} file(s) written, ${res.kept.length} kept, in ${repoDir}: run \`intentops validate\`, commit, and see docs/setup.md for the repository settings\n`,
    );
  }
  return 0;
}
