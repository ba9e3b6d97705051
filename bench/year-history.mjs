// Generates a GitOps repository with intentops history through `git fast-import`: every day
// `perDay` requests are merged (one commit each, as a person), each followed by the bot's claim and
// record commits, as the execute job makes them. Request files beyond the newest `keepRequests` are
// removed in weekly clean-ups. The newest `pending` requests have no record yet. Records are named
// with the real execution ids, so the reconcile finds them; the bot's last commit carries the
// reconcile watermark, as after a normal run.
// Usage: node bench/year-history.mjs <dir> [--days 365] [--per-day 100] [--keep-requests 5000] [--pending 0]
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

const human = 'Dev <dev@example.com>';
const bot = 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>';
const data = (s) => `data ${Buffer.byteLength(s)}\n${s}\n`;

function fastImport(build, marksFile) {
  const fi = spawn('git', ['fast-import', '--quiet', `--export-marks=${marksFile}`], {
    cwd: dir,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  let buf = [];
  let size = 0;
  const write = (s) => {
    buf.push(s);
    size += s.length;
    if (size > 1 << 20) {
      fi.stdin.write(buf.join(''));
      buf = [];
      size = 0;
    }
  };
  build(write);
  fi.stdin.write(buf.join(''));
  fi.stdin.end();
  return new Promise((resolve, reject) =>
    fi.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`fast-import ${c}`)))),
  );
}

mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main', dir]);
const start = Math.floor(Date.now() / 1000) - days * 86400;
const total = days * perDay;
const requests = []; // { mark, path, at, app }
await fastImport(
  (write) => {
    let mark = 0;
    let parent = null;
    const commit = (who, at, message, ops) => {
      mark++;
      write(
        `commit refs/heads/main\nmark :${mark}\nauthor ${who} ${at} +0000\ncommitter ${who} ${at} +0000\n`,
      );
      write(data(message));
      if (parent) write(`from :${parent}\n`);
      for (const op of ops) write(op);
      parent = mark;
      return mark;
    };
    const catalog =
      'name: restart-app\ndescription: restart\nrisk: low\nparams:\n  app: { type: string }\nsteps:\n  - name: restart\n    run: [echo, "{{app}}"]\n';
    commit(human, start - 60, 'catalog', [
      `M 100644 inline intents/catalog/restart-app.yaml\n${data(catalog)}`,
    ]);
    const live = [];
    let n = 0;
    for (let d = 0; d < days; d++) {
      for (let i = 0; i < perDay; i++, n++) {
        const at = start + d * 86400 + Math.floor((i * 86400) / perDay);
        const app = `app${n % 50}`;
        const path = `intents/requests/restart-${app}-${n}.yaml`;
        const m = commit(human, at, `Merge request ${n}`, [
          `M 100644 inline ${path}\n${data(`intent: restart-app\nparams: { app: ${app} }\nreason: bench ${n}\n`)}`,
        ]);
        requests.push({ mark: m, path, at, app });
        live.push(path);
        if (n >= total - pending) continue;
        // The bot's two commits; the record itself is named once the request's commit id is known.
        commit(bot, at + 2, `intentops: claim ${n}`, [
          `M 100644 inline executions/claims/claim-${n}.txt\n${data(`${n}\n`)}`,
        ]);
        commit(bot, at + 5, `intentops: record ${n}`, [
          `M 100644 inline executions/log/${n}.txt\n${data(`record ${n}\n${'x'.repeat(3000)}\n`)}`,
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
  },
  join(dir, '.git', 'marks-1'),
);

// Name every recorded request's record by its real id and set the watermark, in one bot commit.
const shas = new Map(
  readFileSync(join(dir, '.git', 'marks-1'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([m, sha]) => [Number(m.slice(1)), sha]),
);
const recorded = requests.slice(0, total - pending);
const lastRecorded = recorded.at(-1);
const firstPending = requests[total - pending];
const watermark = firstPending
  ? shas.get(firstPending.mark - 1)
  : execFileSync('git', ['rev-parse', 'main'], { cwd: dir, encoding: 'utf8' }).trim();
await fastImport(
  (write) => {
    const at = (lastRecorded?.at ?? start) + 10;
    write(
      `commit refs/heads/main\nmark :1\nauthor ${bot} ${Math.max(at, requests.at(-1).at + 10)} +0000\ncommitter ${bot} ${Math.max(at, requests.at(-1).at + 10)} +0000\n`,
    );
    write(data(`intentops: records\n\nIntentops-Reconciled: ${watermark}\n`));
    write(`from refs/heads/main^0\n`);
    write('D executions/log\n');
    for (const r of recorded) {
      const sha = shas.get(r.mark);
      const iso = new Date(r.at * 1000).toISOString();
      const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
      const hash = createHash('sha256').update(`${r.path}\u0000${sha}`).digest('hex').slice(0, 6);
      const id = `exec-${stamp}-restart-app-${r.app}-${hash}`;
      write(
        `M 100644 inline executions/${iso.slice(0, 10)}/${id}.yaml\n${data(`id: ${id}\nstatus: success\n${'padding: 0123456789abcdef\n'.repeat(120)}`)}`,
      );
    }
  },
  join(dir, '.git', 'marks-2'),
);
execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
const commits = execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
console.log(
  `${dir}: ${commits} commits, ${Math.min(keep, total)} request files, ${recorded.length} records, ${pending} pending`,
);
