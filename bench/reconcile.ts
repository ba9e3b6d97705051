// The cost of finding what the execute job must do, as history grows (issue 13):
//   1. `intentops status` (the reconcile's read side, the same scan the job makes) on a repository
//      with 10,000 records and 5,000 request files, with 0, 1 and 50 requests pending;
//   2. a year of history (36,500 merges, each with the bot's claim and record commits): the job's
//      clone (blobless, as execute.yml checks out, and a full clone beside it) plus the scan.
// Usage: npx tsx bench/reconcile.ts [--year] [--only-year] [--year-repo DIR] [--keep]
//   --only-shallow: the year with the depth-1 checkouts only (the full-depth clones take minutes).
//   --pruned: the year as the default install keeps it (bench/year-prune.mjs: weekly prune, 30 days kept).
//   --year-repo DIR: use (or generate once into) DIR as the year's origin, so the slow generation can
//   run ahead of time and the measurement on a quiet machine.
// Figures are printed; nothing here passes or fails on time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeJobCheckout } from '../test/helpers/gitops-remote.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const GEN = join(ROOT, 'bench', 'year-history.mjs');
const args = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'intentops-bench-reconcile-'));
const yearRepo = args.includes('--year-repo') ? args[args.indexOf('--year-repo') + 1] : undefined;

function ms(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
function generate(dir: string, opts: string[]): void {
  execFileSync('node', [GEN, dir, ...opts], { stdio: 'inherit' });
}
function status(dir: string, all = false): { pending: number } {
  const out = execFileSync('node', [CLI, '--repo', dir, '--json', 'status', ...(all ? ['--all'] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { pending: (JSON.parse(out) as { requests: unknown[] }).requests.length };
}
function timeStatus(dir: string, all = false, runs = 5): { median: number; max: number; pending: number } {
  let pending = 0;
  const times = Array.from({ length: runs }, () => ms(() => (pending = status(dir, all).pending)));
  return { median: median(times), max: Math.max(...times), pending };
}

if (!existsSync(CLI)) throw new Error('run `npm run bundle` first');
try {
  console.log(
    '## finding unexecuted requests: 10,000 records, 5,000 request files (median of 5, whole CLI process)',
  );
  for (const pending of args.includes('--only-year') ? [] : [0, 1, 50]) {
    const dir = join(work, `h-${pending}`);
    generate(dir, [
      '--days',
      '100',
      '--per-day',
      '100',
      '--keep-requests',
      '5000',
      '--pending',
      String(pending),
    ]);
    const t = timeStatus(dir);
    const full = timeStatus(dir, true, 3);
    console.log(
      `pending ${String(pending).padStart(2)}: status ${t.median.toFixed(0)} ms (max ${t.max.toFixed(0)}), found ${t.pending}; ` +
        `without the watermark (--all, e.g. after a force-push) ${full.median.toFixed(0)} ms, found ${full.pending}`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  if (args.includes('--year') || yearRepo) {
    console.log('\n## a year of history: clone + scan (the execute job before it runs anything)');
    const year = yearRepo ?? join(work, 'year');
    if (!existsSync(join(year, '.git')))
      generate(year, ['--days', '365', '--per-day', '100', '--keep-requests', '5000', '--pending', '1']);
    // --pruned: the same year as the default install keeps it (weekly prune, 30 days kept).
    const origin = args.includes('--pruned') ? `${year}-pruned` : year;
    if (!existsSync(origin))
      execFileSync('node', [join(ROOT, 'bench', 'year-prune.mjs'), year, origin], { stdio: 'inherit' });
    const commits = execFileSync('git', ['rev-list', '--count', 'HEAD'], {
      cwd: origin,
      encoding: 'utf8',
    }).trim();
    const files = execFileSync('git', ['ls-tree', '-r', '--name-only', 'HEAD'], {
      cwd: origin,
      maxBuffer: 256 * 1024 * 1024,
    })
      .toString()
      .split('\n')
      .filter(Boolean).length;
    execFileSync('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: origin });
    const size = execFileSync('du', ['-sh', join(origin, '.git')], { encoding: 'utf8' }).split('\t')[0];
    console.log(`repository: ${commits} commits, ${files} files at the head, ${size} of .git`);
    const rows = [
      [
        "the execute job's checkout (fetch-depth: 1, filter: blob:none, no record folders; the scan deepens to the watermark)",
        'execute-job',
      ],
      [
        'shallow blobless clone (fetch-depth: 1, filter: blob:none, every file)',
        ['--filter=blob:none', '--depth=1'],
      ],
      ['blobless clone (filter: blob:none, fetch-depth: 0)', ['--filter=blob:none']],
      ['full clone (fetch-depth: 0)', []],
    ] as const;
    // The full-depth clones of a year take minutes: --only-shallow measures the depth-1 checkouts.
    for (const [name, flags] of args.includes('--only-shallow') ? rows.slice(0, 2) : rows) {
      const dest = join(work, `clone-${flags.length}`);
      const clone = ms(() =>
        flags === 'execute-job'
          ? executeJobCheckout(`file://${origin}`, dest)
          : execFileSync('git', ['clone', '-q', '--branch', 'main', ...flags, `file://${origin}`, dest]),
      );
      let found = 0;
      const scan = ms(() => (found = status(dest).pending));
      // What the job reads after its runs when metrics go out: the last 30 days of records.
      const month = ms(() =>
        execFileSync('node', [CLI, '--repo', dest, '--json', 'metrics', '--since', '30d'], {
          stdio: 'ignore',
        }),
      );
      const files = Number(
        execFileSync('git', ['ls-files', '-t'], { cwd: dest, maxBuffer: 256 * 1024 * 1024 })
          .toString()
          .split('\n')
          .filter((l) => l.startsWith('H ')).length,
      );
      console.log(
        `${name}: clone ${(clone / 1000).toFixed(2)} s + scan ${(scan / 1000).toFixed(2)} s = ${((clone + scan) / 1000).toFixed(2)} s (pending found: ${found}); ` +
          `+ 30 days of records read (metrics) ${(month / 1000).toFixed(2)} s; files checked out: ${files}`,
      );
      rmSync(dest, { recursive: true, force: true });
    }
  }
} finally {
  if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
}
