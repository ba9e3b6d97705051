// A year of history (bench/year-history.mjs) as the default install keeps it: the learn workflow's
// weekly `prune --retention 30d` has moved older records into weekly rollups and taken their claims,
// so the head holds about 30 days (plus up to a week until the next prune) of records and claims,
// while the history still holds every commit. Made as one prune commit on top of the year (the
// tree after the last weekly prune; the history before it is the same for the reconcile).
// Usage: node bench/year-prune.mjs <year-dir> <dest> [--keep-days 34]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const [year, dest, ...rest] = process.argv.slice(2);
if (!year || !dest) throw new Error('usage: year-prune.mjs <year-dir> <dest> [--keep-days N]');
const i = rest.indexOf('--keep-days');
const keepDays = i === -1 ? 34 : Number(rest[i + 1]);
if (existsSync(dest)) throw new Error(`${dest} exists`);

const git = (...args) =>
  execFileSync('git', args, { cwd: dest, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).trim();
// --shared: the year's objects through alternates, nothing copied.
execFileSync('git', ['clone', '-q', '--shared', '--no-checkout', '--branch', 'main', year, dest]);
git('config', 'uploadpack.allowFilter', 'true');

const days = git('ls-tree', '--name-only', 'HEAD', 'executions/')
  .split('\n')
  .map((p) => p.slice('executions/'.length))
  .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
  .sort();
const cutoff = new Date(Date.parse(`${days.at(-1)}T00:00:00Z`) - keepDays * 86_400_000)
  .toISOString()
  .slice(0, 10);
const pruned = days.filter((d) => d < cutoff);
// The generator numbers claims in merge order: the oldest ones belong to the pruned days.
const claims = git('ls-tree', '--name-only', 'HEAD', 'executions/claims/')
  .split('\n')
  .filter(Boolean)
  .sort((a, b) => Number(/(\d+)/.exec(a)?.[1]) - Number(/(\d+)/.exec(b)?.[1]));
const prunedClaims = claims.slice(0, Math.round((claims.length * pruned.length) / days.length));

const isoWeek = (day) => {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return `${thursday.getUTCFullYear()}-W${String(Math.ceil(((thursday.getTime() - jan1) / 86_400_000 + 1) / 7)).padStart(2, '0')}`;
};
const perWeek = new Map();
for (const d of pruned) {
  const n = git('ls-tree', '--name-only', 'HEAD', `executions/${d}/`).split('\n').filter(Boolean).length;
  perWeek.set(isoWeek(d), (perWeek.get(isoWeek(d)) ?? 0) + n);
}

const data = (s) => `data ${Buffer.byteLength(s)}\n${s}\n`;
const bot = 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>';
const at = Number(git('log', '-1', '--format=%ct')) + 60;
const lines = [
  `commit refs/heads/main\nauthor ${bot} ${at} +0000\ncommitter ${bot} ${at} +0000\n`,
  data(`intentops: prune ${pruned.length} day(s) of records into ${perWeek.size} rollup(s)\n`),
  'from refs/heads/main^0\n',
  ...pruned.map((d) => `D executions/${d}\n`),
  ...prunedClaims.map((c) => `D executions/claims/${c.slice(c.lastIndexOf('/') + 1)}\n`),
  // A rollup entry is about 300 bytes of YAML: the size matters for the checkout, not the content.
  ...[...perWeek].map(
    ([week, n]) =>
      `M 100644 inline executions/rollups/${week}.yaml\n${data(`week: ${week}\nrecords:\n${'  - id: exec-x\n    path: executions/x.yaml\n    status: success\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n    request: intents/requests/restart-app-x.yaml\n'.repeat(n)}`)}`,
  ),
];
await new Promise((resolve, reject) => {
  const fi = spawn('git', ['fast-import', '--quiet'], { cwd: dest, stdio: ['pipe', 'inherit', 'inherit'] });
  fi.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`fast-import ${c}`))));
  fi.stdin.end(lines.join(''));
});
console.log(
  `${dest}: ${pruned.length} day(s) of records and ${prunedClaims.length} claim(s) pruned into ${perWeek.size} rollup(s); ${days.length - pruned.length} day(s) kept`,
);
