import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/adapters/process-runner.ts
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
var DEFAULT_TAIL_BYTES = 16 * 1024;
var MAX_LINE_BYTES = 4 * 1024;
var KILL_GRACE_MS = 1500;
var DRAIN_MS = KILL_GRACE_MS + 500;
var MAX_TIMER_MS = 2 ** 31 - 1;
var liveGroups = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function trackGroup(pgid) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const g of liveGroups) signalGroup(g, "SIGKILL");
    });
  }
  liveGroups.add(pgid);
}
function signalGroup(pgid, sig) {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    liveGroups.delete(pgid);
    return false;
  }
}
function killGroup(pgid, graceMs = KILL_GRACE_MS) {
  if (!signalGroup(pgid, "SIGTERM")) return;
  setTimeout(() => {
    if (signalGroup(pgid, 0)) signalGroup(pgid, "SIGKILL");
    liveGroups.delete(pgid);
  }, graceMs);
}
var TailBuffer = class {
  constructor(cap) {
    this.cap = cap;
  }
  cap;
  chunks = [];
  held = 0;
  total = 0;
  push(chunk) {
    this.total += chunk.length;
    if (this.cap <= 0) return;
    const part = chunk.length > this.cap ? Buffer.from(chunk.subarray(chunk.length - this.cap)) : chunk;
    this.chunks.push(part);
    this.held += part.length;
    while (this.held > this.cap) {
      const first = this.chunks[0];
      const excess = this.held - this.cap;
      if (first.length <= excess) {
        this.chunks.shift();
        this.held -= first.length;
      } else {
        this.chunks[0] = Buffer.from(first.subarray(excess));
        this.held -= excess;
      }
    }
  }
  /** Decoded tail; leading UTF-8 continuation bytes (a char cut in half) are dropped. */
  text() {
    const buf = Buffer.concat(this.chunks);
    let start = 0;
    if (this.total > this.held) {
      while (start < buf.length && start < 3 && (buf[start] & 192) === 128) start++;
    }
    return buf.subarray(start).toString("utf8");
  }
};
var LineSplitter = class {
  constructor(emit) {
    this.emit = emit;
  }
  emit;
  partial = [];
  partialBytes = 0;
  push(chunk) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      this.keep(chunk.subarray(from, nl));
      this.flush();
      from = nl + 1;
    }
    if (from < chunk.length) this.keep(chunk.subarray(from));
  }
  keep(part) {
    const room = MAX_LINE_BYTES - this.partialBytes;
    if (room <= 0 || part.length === 0) return;
    const kept = Buffer.from(part.subarray(0, room));
    this.partial.push(kept);
    this.partialBytes += kept.length;
  }
  flush() {
    let line = Buffer.concat(this.partial).toString("utf8");
    this.partial = [];
    this.partialBytes = 0;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    this.emit(line);
  }
  end() {
    if (this.partialBytes > 0) this.flush();
  }
};
var NOT_RUN = { exitCode: null, signal: null, durationMs: 0, stdout: "", stderr: "", stdoutBytes: 0 };
function emptyResult(error, cancelled = false) {
  return { ...NOT_RUN, stderrBytes: 0, truncated: false, timedOut: false, cancelled, error };
}
async function runProcess(spec) {
  if (spec.signal?.aborted) return emptyResult("cancelled before start", true);
  const argv = typeof spec.command === "string" ? ["bash", "-c", spec.command] : [...spec.command];
  const file = argv[0];
  if (file === void 0 || file === "") return emptyResult("empty command");
  try {
    if (!(await stat(spec.cwd)).isDirectory()) return emptyResult(`cwd is not a directory: ${spec.cwd}`);
  } catch {
    return emptyResult(`cwd does not exist: ${spec.cwd}`);
  }
  const tailBytes = spec.tailBytes ?? DEFAULT_TAIL_BYTES;
  const env = spec.inheritEnv === false ? { ...spec.env } : { ...process.env, ...spec.env };
  const started = performance.now();
  let child;
  try {
    child = spawn(file, argv.slice(1), {
      cwd: spec.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      // own process group: pgid = child.pid
      shell: false
    });
  } catch (e) {
    return emptyResult(`spawn ${file}: ${e.message}`);
  }
  return new Promise((resolve) => {
    const out = new TailBuffer(tailBytes);
    const err = new TailBuffer(tailBytes);
    const timers = [];
    let exitCode = null;
    let exitSignal = null;
    let exited = false;
    let openStreams = 2;
    let timedOut = false;
    let cancelled = false;
    let killRequested = false;
    let error;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      spec.signal?.removeEventListener("abort", onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        exitCode,
        signal: exitSignal,
        durationMs: Math.round(performance.now() - started),
        stdout: out.text(),
        stderr: err.text(),
        stdoutBytes: out.total,
        stderrBytes: err.total,
        truncated: out.total > tailBytes || err.total > tailBytes,
        timedOut,
        cancelled,
        ...error === void 0 ? {} : { error }
      });
    };
    const maybeFinish = () => {
      if (exited && openStreams === 0) finish();
    };
    const killTree = () => {
      if (killRequested || child.pid === void 0) return;
      killRequested = true;
      killGroup(child.pid);
      timers.push(
        setTimeout(() => {
          if (!exited) error = `process ${child.pid} did not exit after SIGKILL`;
          finish();
        }, KILL_GRACE_MS + DRAIN_MS)
      );
    };
    function onAbort() {
      if (exited || settled) return;
      cancelled = true;
      killTree();
    }
    const wire = (stream, tail, name) => {
      const lines = spec.onLine ? new LineSplitter((l) => spec.onLine?.(l, name)) : void 0;
      stream.on("data", (chunk) => {
        tail.push(chunk);
        lines?.push(chunk);
      });
      stream.once("close", () => {
        lines?.end();
        openStreams--;
        maybeFinish();
      });
      stream.on("error", () => {
      });
    };
    wire(child.stdout, out, "stdout");
    wire(child.stderr, err, "stderr");
    child.once("spawn", () => {
      if (child.pid !== void 0) trackGroup(child.pid);
      timers.push(
        setTimeout(
          () => {
            if (exited) return;
            timedOut = true;
            killTree();
          },
          Math.min(spec.timeoutMs, MAX_TIMER_MS)
        )
      );
      spec.signal?.addEventListener("abort", onAbort, { once: true });
      if (spec.signal?.aborted) onAbort();
    });
    child.once("error", (e) => {
      error = `spawn ${file}: ${e.code ?? e.message}`;
      if (child.pid === void 0) {
        exited = true;
        finish();
      }
    });
    child.once("exit", (code, sig) => {
      exited = true;
      exitCode = code;
      exitSignal = sig;
      if (child.pid !== void 0 && !killRequested && signalGroup(child.pid, 0)) killGroup(child.pid);
      timers.push(setTimeout(finish, DRAIN_MS));
      maybeFinish();
    });
  });
}

// src/app/ports.ts
function abortableSleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

// src/app/real-ports.ts
function realPorts(log) {
  return { runProcess, now: () => /* @__PURE__ */ new Date(), sleep: abortableSleep, log };
}

export {
  realPorts
};
