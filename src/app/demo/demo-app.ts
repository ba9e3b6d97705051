// The demo's stand-ins for a cluster, written into the throw-away repo as plain Node scripts:
// `server.mjs` is the app, `kubelet.mjs` starts and restarts it like a kubelet would (restart
// counts, OOMKilled, CrashLoopBackOff), `kubectl.mjs` answers the questions the checks ask.

export const SERVER = String.raw`// A tiny HTTP service: /health answers 200; a leaky release grows its memory and dies like an OOM kill.
import { createServer } from 'node:http';
import { writeFileSync, appendFileSync, readFileSync } from 'node:fs';
const [app, tag, stateDir, leakMb, crashAfterMs] = process.argv.slice(2);
const log = (level, msg) => appendFileSync(stateDir + '/' + app + '.log', new Date().toISOString() + ' ' + level + ' ' + msg + '\n');
const hold = [];
// The peak since the release rolled out, like container_memory_max_usage_bytes: survives restarts.
const memFile = stateDir + '/' + app + '.mem';
const mem = () => {
  const now = Math.round(process.memoryUsage().rss / 1048576);
  let peak = 0;
  try { peak = Number(readFileSync(memFile, 'utf8')) || 0; } catch {}
  if (now > peak) writeFileSync(memFile, String(now));
};
const server = createServer((req, res) => {
  if (req.url === '/health') { res.writeHead(200); res.end('ok'); return; }
  res.writeHead(404); res.end();
});
server.listen(0, '127.0.0.1', () => {
  writeFileSync(stateDir + '/' + app + '.port', String(server.address().port));
  log('INFO', app + ' ' + tag + ' listening');
  mem();
});
setInterval(mem, 50).unref();
if (Number(leakMb) > 0) {
  const chunk = () => { const b = Buffer.alloc(8 * 1048576, 1); hold.push(b); mem(); };
  const timer = setInterval(() => { if (hold.length * 8 < Number(leakMb)) chunk(); }, 20);
  setTimeout(() => {
    clearInterval(timer);
    // A loaded machine runs the 20 ms timer late: the leak still reaches its size before the kill.
    while (hold.length * 8 < Number(leakMb)) chunk();
    mem();
    log('ERROR', 'memory limit exceeded: ' + Math.round(process.memoryUsage().rss / 1048576) + ' MiB');
    log('ERROR', 'container killed: OOMKilled');
    process.exit(137);
  }, Number(crashAfterMs) || 400);
}
`;

export const KUBELET = `// Supervises one app like a kubelet: restarts it when it dies, counts restarts, backs off.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
const [cmd, app, tag] = process.argv.slice(2);
const stateDir = '.run';
mkdirSync(stateDir, { recursive: true });
const file = (ext) => stateDir + '/' + app + '.' + ext;
const write = (ext, v) => writeFileSync(file(ext), typeof v === 'string' ? v : JSON.stringify(v));
const read = (ext, d) => (existsSync(file(ext)) ? readFileSync(file(ext), 'utf8') : d);

function stop() {
  const pid = Number(read('supervisor.pid', '0'));
  if (pid) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
  write('supervisor.pid', '0');
}

if (cmd === 'stop') { stop(); process.exit(0); }
if (cmd === 'deploy') {
  stop();
  const releases = JSON.parse(readFileSync('apps/' + app + '/releases.json', 'utf8'));
  if (!releases[tag]) { console.error('no release ' + tag + ' of ' + app + ' in apps/' + app + '/releases.json'); process.exit(1); }
  write('pod', { phase: 'Pending', ready: false, restarts: Number(read('restarts', '0')), tag });
  for (const ext of ['port', 'mem']) write(ext, '');
  const child = spawn(process.execPath, [process.argv[1], 'supervise', app, tag], { detached: true, stdio: 'ignore' });
  write('supervisor.pid', String(child.pid));
  child.unref();
  console.log('deployment.apps/' + app + ' configured (image ' + app + ':' + tag + ')');
  process.exit(0);
}
if (cmd === 'supervise') {
  const release = JSON.parse(readFileSync('apps/' + app + '/releases.json', 'utf8'))[tag];
  let restarts = Number(read('restarts', '0'));
  let crashes = 0;
  const start = () => {
    const p = spawn(process.execPath, ['apps/' + app + '/server.mjs', app, tag, stateDir, String(release.leak_mb ?? 0), String(release.crash_after_ms ?? 0)], { stdio: 'ignore' });
    const last = crashes ? 'OOMKilled' : null;
    write('port', '');
    write('pod', { phase: 'Running', ready: false, restarts, tag, waiting: null, last_terminated: last });
    // Like a readiness probe's initial delay: ready only once the container has stayed up a moment
    // after it started listening (counted from then: a loaded machine may take long to start it).
    // A leaking release is killed before its probe passes, however late a loaded machine runs its
    // timers: it never turns ready.
    let ready;
    const listening = setInterval(() => {
      if (release.leak_mb || !read('port', '')) return;
      clearInterval(listening);
      ready = setTimeout(() => write('pod', { phase: 'Running', ready: true, restarts, tag, waiting: null, last_terminated: last }), 600);
    }, 20);
    p.on('exit', (code) => {
      clearInterval(listening);
      clearTimeout(ready);
      crashes += 1; restarts += 1;
      write('restarts', String(restarts));
      const reason = code === 137 ? 'OOMKilled' : 'Error';
      const waiting = crashes >= 2 ? 'CrashLoopBackOff' : null;
      write('pod', { phase: 'Running', ready: false, restarts, tag, waiting, last_terminated: reason });
      setTimeout(start, waiting ? 800 : 100);
    });
  };
  start();
}
`;

export const KUBECTL = String.raw`// Answers what the outcome checks and captures ask, from the kubelet's state files.
import { readFileSync, existsSync } from 'node:fs';
import { get } from 'node:http';
const [cmd, app] = process.argv.slice(2);
const stateDir = '.run';
const read = (ext, d) => { const f = stateDir + '/' + app + '.' + ext; return existsSync(f) ? readFileSync(f, 'utf8') : d; };
const pod = JSON.parse(read('pod', 'null') || 'null');
switch (cmd) {
  case 'not-ready': {
    // Like the seed's pods_ready check: how many pods are not Running and ready (0 = all good).
    if (!pod) { console.log('1'); break; }
    if (pod.waiting || pod.last_terminated) console.error(app + '-0  0/1  ' + (pod.waiting ?? 'Running') + '  restarts=' + pod.restarts + (pod.last_terminated ? '  lastState.terminated.reason=' + pod.last_terminated : ''));
    console.log(pod.phase === 'Running' && pod.ready ? '0' : '1');
    break;
  }
  case 'health': {
    const port = read('port', '');
    if (!port) { console.log('000'); break; }
    const req = get({ host: '127.0.0.1', port: Number(port), path: '/health', timeout: 1000 }, (res) => { console.log(String(res.statusCode)); res.resume(); });
    req.on('error', () => console.log('000'));
    break;
  }
  case 'memory': {
    // Memory use in percent of a 256 MiB limit, like a container_memory_working_set_bytes ratio.
    const mib = Number(read('mem', ''));
    if (!mib) { console.error('no pod running for ' + app); process.exit(1); }
    console.log(String(Math.round((mib / 256) * 100)));
    break;
  }
  case 'restarts': console.log(read('restarts', '0')); break;
  case 'errors': console.log(String(read('log', '').split('\n').filter((l) => l.includes(' ERROR ')).length)); break;
  case 'logs': process.stdout.write(read('log', '').split('\n').slice(-20).join('\n')); break;
  default: console.error('unknown command ' + cmd); process.exit(2);
}
`;
