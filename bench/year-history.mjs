// Generates a GitOps repository with a year of intentops history through `git fast-import`:
// every day `perDay` requests are merged (one commit each, committed as a human), each followed by
// the bot's claim commit and record commit. Request files older than `keepRequests` are removed
// in weekly clean-up commits, so HEAD holds a few thousand requests and every record.
// Usage: node bench/year-history.mjs <dir> [--days 365] [--per-day 100] [--keep-requests 5000] [--pending N]
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';

const [dir, ...rest] = process.argv.slice(2);
if (!dir)
  throw new Error('usage: year-history.mjs <dir> [--days N] [--per-day N] [--keep-requests N] [--pending N]');
const opt = (name, dflt) => {
  const i = rest.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(rest[i + 1]);
};
const days = opt('days', 365);
const perDay = opt('per-day', 100);
const keep = opt('keep-requests', 5000);
const pending = opt('pending', 0);

mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main', dir]);
const fi = spawn('git', ['fast-import', '--quiet'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
const out = [];
let size = 0;
const write = (s) => {
  out.push(s);
  size += s.length;
  if (size > 1 << 20) flush();
};
function flush() {
  fi.stdin.write(out.join(''));
  out.length = 0;
  size = 0;
}
const data = (s) => `data ${Buffer.byteLength(s)}\n${s}\n`;
const start = Math.floor(Date.now() / 1000) - days * 86400;
let mark = 0;
let parent = null;
function commit(who, at, message, ops) {
  mark++;
  write(`commit refs/heads/main\nmark :${mark}\n`);
  write(`author ${who} ${at} +0000\ncommitter ${who} ${at} +0000\n`);
  write(data(message));
  if (parent) write(`from :${parent}\n`);
  for (const op of ops) write(op);
  parent = mark;
}
const human = 'Dev <dev@example.com>';
const bot = 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>';
const catalog =
  'name: restart-app\ndescription: restart\nrisk: low\nparams:\n  app: { type: string }\nsteps:\n  - name: restart\n    run: [echo, "{{app}}"]\n';
commit(human, start - 60, 'catalog', [`M 100644 inline intents/catalog/restart-app.yaml\n${data(catalog)}`]);
const live = [];
let n = 0;
const total = days * perDay;
for (let d = 0; d < days; d++) {
  for (let i = 0; i < perDay; i++, n++) {
    const at = start + d * 86400 + Math.floor((i * 86400) / perDay);
    const path = `intents/requests/restart-app-app${n % 50}-${n}.yaml`;
    commit(human, at, `Merge request ${n}`, [
      `M 100644 inline ${path}\n${data(`intent: restart-app\nparams: { app: app${n % 50} }\nreason: bench ${n}\n`)}`,
    ]);
    live.push(path);
    if (n >= total - pending) continue; // the newest `pending` requests have no record yet
    const day = new Date((at + 5) * 1000).toISOString().slice(0, 10);
    const id = `exec-${day.replace(/-/g, '')}-000000-restart-app-app${n % 50}-${createHash('sha256').update(path).digest('hex').slice(0, 6)}`;
    commit(bot, at + 2, `intentops: claim ${id}`, [
      `M 100644 inline executions/claims/${id}.yaml\n${data(`id: ${id}\nrequest: ${path}\n`)}`,
    ]);
    const record = `id: ${id}\ntimestamp: x\nintent: restart-app\nstatus: success\n${'padding: 0123456789abcdef0123456789abcdef\n'.repeat(90)}`;
    commit(bot, at + 5, `intentops: record ${id}`, [
      `M 100644 inline executions/${day}/${id}.yaml\n${data(record)}`,
    ]);
  }
  if (d % 7 === 6 && live.length > keep) {
    const drop = live.splice(0, live.length - keep);
    commit(
      human,
      start + d * 86400 + 86000,
      'clean up old requests',
      drop.map((p) => `D ${p}\n`),
    );
  }
}
flush();
fi.stdin.end();
await new Promise((r) => fi.on('close', r));
execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
console.log(`${dir}: ${mark} commits, ${live.length} request files at HEAD`);
