import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  StreamScrubber
} from "./chunk-BSOI3OBW.js";
import {
  escapers
} from "./chunk-XSOKI6J7.js";
import {
  external_exports
} from "./chunk-PQTKVDRF.js";

// src/adapters/process-runner.ts
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
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
var NEWLINE = 10;
var isDelimiter = (b) => b === NEWLINE || b === 13 || b === 32 || b === 9 || b === 34 || b === 39 || b === 44 || b === 59;
var TailBuffer = class {
  constructor(cap) {
    this.cap = cap;
  }
  cap;
  chunks = [];
  held = 0;
  /** The last byte dropped from the front, when any was. */
  lastDropped;
  total = 0;
  push(chunk) {
    this.total += chunk.length;
    if (this.cap <= 0) return;
    if (chunk.length > this.cap) {
      this.lastDropped = chunk[chunk.length - this.cap - 1];
      this.chunks = [];
      this.held = 0;
    }
    const part = chunk.length > this.cap ? Buffer.from(chunk.subarray(chunk.length - this.cap)) : chunk;
    this.chunks.push(part);
    this.held += part.length;
    while (this.held > this.cap) {
      const first = this.chunks[0];
      const excess = this.held - this.cap;
      if (first.length <= excess) {
        this.chunks.shift();
        this.held -= first.length;
        this.lastDropped = first[first.length - 1];
      } else {
        this.lastDropped = first[excess - 1];
        this.chunks[0] = Buffer.from(first.subarray(excess));
        this.held -= excess;
      }
    }
  }
  /** Decoded tail, starting at a line (else word) boundary once anything was dropped. */
  text() {
    const buf = Buffer.concat(this.chunks);
    let start = 0;
    if (this.lastDropped !== void 0 && !isDelimiter(this.lastDropped)) {
      const nl = buf.indexOf(NEWLINE);
      if (nl !== -1) start = nl + 1;
      else {
        const d = buf.findIndex(isDelimiter);
        if (d !== -1) start = d + 1;
      }
    }
    if (start === 0 && this.lastDropped !== void 0) {
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
function spawnError(file, e) {
  if (e.code === "ENOENT") return `command not found: ${file}`;
  if (e.code === "EACCES") return `permission denied: ${file}`;
  return `spawn ${file}: ${e.code ?? e.message}`;
}
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
    return emptyResult(spawnError(file, e));
  }
  return new Promise((resolve) => {
    const out = new TailBuffer(tailBytes);
    const err = new TailBuffer(tailBytes);
    const rawBytes = { stdout: 0, stderr: 0 };
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
        stdoutBytes: rawBytes.stdout,
        stderrBytes: rawBytes.stderr,
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
      const keep = (chunk) => {
        tail.push(chunk);
        lines?.push(chunk);
      };
      const scrubber = spec.scrub?.pattern ? new StreamScrubber(spec.scrub) : void 0;
      const decoder = scrubber ? new StringDecoder("utf8") : void 0;
      stream.on("data", (chunk) => {
        rawBytes[name] += chunk.length;
        if (!scrubber || !decoder) return keep(chunk);
        const text = scrubber.push(decoder.write(chunk));
        if (text) keep(Buffer.from(text));
      });
      stream.once("close", () => {
        if (scrubber && decoder) {
          const rest = scrubber.push(decoder.end()) + scrubber.end();
          if (rest) keep(Buffer.from(rest));
        }
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
      error = spawnError(file, e);
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

// src/adapters/provider-http.ts
function checkBaseUrl(raw, service, fail) {
  let base;
  try {
    base = new URL(raw);
  } catch (err) {
    throw fail(`${service} base URL is not a valid URL`, err);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw fail(`${service} base URL must be http(s), got ${base.protocol}`);
  }
  if (base.username !== "" || base.password !== "") {
    throw fail(`${service} base URL must not hold credentials: pass an Authorization header`);
  }
  return base;
}
function describeNetworkError(err) {
  const cause = err?.cause;
  if (typeof cause?.code === "string") return `cannot connect (${cause.code})`;
  if (typeof cause?.message === "string") return cause.message;
  return err instanceof Error ? err.message : String(err);
}

// src/adapters/loki.ts
var LokiError = class extends Error {
  constructor(kind, message, extra = {}) {
    super(message, { cause: extra.cause });
    this.kind = kind;
    this.status = extra.status;
    this.body = extra.body;
  }
  kind;
  name = "LokiError";
  /** HTTP status, when Loki answered. */
  status;
  /** The start of Loki's answer (at most 1 KiB), when it answered with an error. */
  body;
};
var DEFAULT_TIMEOUT_MS = 1e4;
var MAX_LIMIT = 5e3;
var MAX_LINE_BYTES2 = 2048;
var MAX_ERROR_BODY = 1024;
var QUERY_RANGE = "/loki/api/v1/query_range";
var QUERY = "/loki/api/v1/query";
var StatsSchema = external_exports.record(external_exports.string(), external_exports.unknown()).optional();
var StreamsResponse = external_exports.object({
  status: external_exports.literal("success"),
  data: external_exports.object({
    resultType: external_exports.literal("streams"),
    result: external_exports.array(
      external_exports.object({
        stream: external_exports.record(external_exports.string(), external_exports.string()),
        // [ns timestamp, line], and with Loki 3's categorize-labels a third element of metadata.
        values: external_exports.array(external_exports.tuple([external_exports.string().regex(/^\d+$/), external_exports.string()], external_exports.unknown()))
      })
    ),
    stats: StatsSchema
  })
});
var VectorResponse = external_exports.object({
  status: external_exports.literal("success"),
  data: external_exports.object({
    resultType: external_exports.literal("vector"),
    result: external_exports.array(
      external_exports.object({
        metric: external_exports.record(external_exports.string(), external_exports.string()),
        value: external_exports.tuple([external_exports.number(), external_exports.string()])
      })
    ),
    stats: StatsSchema
  })
});
function checkSelector(selector) {
  const s = selector.trim();
  if (!s.startsWith("{") || !s.endsWith("}")) {
    throw new LokiError(
      "query",
      `stream selector must look like {label="value"}, got ${JSON.stringify(selector)}`
    );
  }
  return s;
}
function errorCountQuery(selector, pattern, windowSeconds, regex) {
  const s = checkSelector(selector);
  if (pattern === "") throw new LokiError("query", "error pattern is empty: it would count every line");
  if (!Number.isSafeInteger(windowSeconds) || windowSeconds < 1) {
    throw new LokiError("query", `window must be a whole number of seconds \u2265 1, got ${windowSeconds}`);
  }
  const op = regex ? "|~" : "|=";
  return `sum(count_over_time(${s} ${op} "${escapers.logqlString(pattern)}" [${windowSeconds}s]))`;
}
function nanos(d) {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new LokiError("query", "invalid date in query window");
  return (BigInt(ms) * 1000000n).toString();
}
function checkWindow(start, end) {
  if (!(start.getTime() <= end.getTime())) {
    throw new LokiError(
      "query",
      `query window ends (${end.toISOString()}) before it starts (${start.toISOString()})`
    );
  }
}
function clip(line) {
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES2) return line;
  const budget = MAX_LINE_BYTES2 - Buffer.byteLength("\u2026");
  let bytes = 0;
  let out = "";
  for (const ch of line) {
    bytes += Buffer.byteLength(ch);
    if (bytes > budget) break;
    out += ch;
  }
  return `${out}\u2026`;
}
var LokiClient = class {
  base;
  timeoutMs;
  headers;
  fetchFn;
  constructor(opts) {
    const base = checkBaseUrl(
      opts.baseUrl,
      "Loki",
      (message, cause) => new LokiError("unreachable", message, cause === void 0 ? void 0 : { cause })
    );
    this.base = base;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = { accept: "application/json", ...opts.headers };
    this.fetchFn = opts.fetch ?? fetch;
  }
  /**
   * The newest `limit` lines across all streams the selector matches, returned oldest → newest.
   * Loki picks the newest (direction=backward) but groups them by stream; merging sorts by the
   * nanosecond timestamps as BigInt, since they exceed a double's precision.
   */
  async recentLines(selector, opts) {
    const query = checkSelector(selector);
    if (!Number.isSafeInteger(opts.limit) || opts.limit < 1 || opts.limit > MAX_LIMIT) {
      throw new LokiError("query", `limit must be a whole number in 1\u2025${MAX_LIMIT}, got ${opts.limit}`);
    }
    checkWindow(opts.start, opts.end);
    const params = {
      query,
      limit: String(opts.limit),
      direction: "backward",
      start: nanos(opts.start),
      end: nanos(opts.end)
    };
    const body = await this.get(QUERY_RANGE, params, opts.signal);
    const data = parse(StreamsResponse, body, QUERY_RANGE).data;
    const entries = data.result.flatMap((s) => s.values.map(([ts, line]) => ({ ts: BigInt(ts), line })));
    entries.sort((a, b) => a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);
    return { lines: entries.slice(-opts.limit).map((e) => clip(e.line)), streams: data.result.length };
  }
  /**
   * Lines matching `pattern` in the window start‥end (rounded up to whole seconds), as an instant
   * query at `end`. An empty result is 0: count_over_time yields no sample for a window in which no
   * line matched, so absence means "no error lines", not "no data" as with Prometheus metrics. It
   * cannot tell "no errors" from "selector matches no stream"; recentLines' `streams` can.
   */
  async errorCount(selector, pattern, opts) {
    checkWindow(opts.start, opts.end);
    const windowSeconds = Math.max(1, Math.ceil((opts.end.getTime() - opts.start.getTime()) / 1e3));
    const query = errorCountQuery(selector, pattern, windowSeconds, opts.regex ?? true);
    const body = await this.get(QUERY, { query, time: nanos(opts.end) }, opts.signal);
    const { result } = parse(VectorResponse, body, QUERY).data;
    let total = 0;
    for (const sample of result) {
      const n = Number(sample.value[1]);
      if (!Number.isFinite(n) || n < 0) {
        throw new LokiError(
          "bad_data",
          `${QUERY}: count is not a number: ${JSON.stringify(sample.value[1])}`
        );
      }
      total += n;
    }
    return total;
  }
  /** One GET with the deadline over the whole exchange; returns the parsed JSON body. */
  async get(path, params, signal) {
    const url = new URL(this.base);
    url.pathname = url.pathname.replace(/\/+$/, "") + path;
    url.search = new URLSearchParams(params).toString();
    url.hash = "";
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let status;
    let text;
    try {
      const res = await this.fetchFn(url, { headers: this.headers, signal: combined });
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) {
        throw new LokiError("timeout", `${path}: no answer within ${this.timeoutMs} ms`, { cause: err });
      }
      throw new LokiError("unreachable", `${path}: ${describeNetworkError(err)}`, { cause: err });
    }
    if (status < 200 || status > 299) throw httpError(path, status, text);
    try {
      return JSON.parse(text);
    } catch (err) {
      const body = text.slice(0, MAX_ERROR_BODY);
      throw new LokiError("bad_data", `${path}: answer is not JSON`, { status, body, cause: err });
    }
  }
};
function httpError(path, status, text) {
  const body = text.slice(0, MAX_ERROR_BODY);
  let message = body.trim();
  try {
    const json = JSON.parse(text);
    if (typeof json?.error === "string") message = json.error;
  } catch {
  }
  if (status === 400) {
    return new LokiError("query", `${path}: Loki rejected the query: ${message}`, { status, body });
  }
  const detail = message ? `: ${message.slice(0, 200)}` : "";
  return new LokiError("http", `${path}: HTTP ${status}${detail}`, { status, body });
}
function parse(schema, body, path) {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(root)";
  throw new LokiError("bad_data", `${path}: unexpected answer at ${where}: ${issue?.message ?? "invalid"}`);
}

// src/adapters/prometheus-schema.ts
var SampleValue = external_exports.tuple([external_exports.number(), external_exports.string()]);
var Labels = external_exports.record(external_exports.string(), external_exports.string());
var Envelope = external_exports.object({
  status: external_exports.enum(["success", "error"]),
  data: external_exports.unknown().optional(),
  errorType: external_exports.string().optional(),
  error: external_exports.string().optional(),
  warnings: external_exports.array(external_exports.string()).optional()
});
var QueryData = external_exports.discriminatedUnion("resultType", [
  external_exports.object({
    resultType: external_exports.literal("vector"),
    result: external_exports.array(
      external_exports.object({
        metric: Labels,
        // Native-histogram samples carry `histogram` instead of `value`.
        value: SampleValue.optional(),
        histogram: external_exports.unknown().optional()
      })
    )
  }),
  external_exports.object({ resultType: external_exports.literal("scalar"), result: SampleValue }),
  external_exports.object({ resultType: external_exports.literal("string"), result: SampleValue }),
  external_exports.object({
    resultType: external_exports.literal("matrix"),
    result: external_exports.array(external_exports.object({ metric: Labels, values: external_exports.array(SampleValue).optional() }))
  })
]);

// src/adapters/prometheus.ts
var PrometheusError = class extends Error {
  constructor(kind, message, extra = {}) {
    super(message, { cause: extra.cause });
    this.kind = kind;
    this.status = extra.status;
    this.body = extra.body;
    this.errorType = extra.errorType;
  }
  kind;
  name = "PrometheusError";
  /** HTTP status, when Prometheus answered. */
  status;
  /** The start of the answer (at most 1 KiB), when it was an error or unreadable. */
  body;
  /** Prometheus's `errorType` (`bad_data`, `execution`, `timeout`, …) for `status: error`. */
  errorType;
};
var DEFAULT_TIMEOUT_MS2 = 1e4;
var MAX_SERIES = 20;
var MAX_ERROR_BODY2 = 1024;
var MAX_GET_URL = 4e3;
var QUERY2 = "/api/v1/query";
var FLOAT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
var NON_FINITE = /* @__PURE__ */ new Set(["NaN", "+Inf", "-Inf"]);
var PrometheusClient = class {
  base;
  timeoutMs;
  headers;
  fetchFn;
  constructor(opts) {
    const base = checkBaseUrl(
      opts.baseUrl,
      "Prometheus",
      (message, cause) => new PrometheusError("unreachable", message, cause === void 0 ? void 0 : { cause })
    );
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS2;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new PrometheusError("query", `timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.base = base;
    this.timeoutMs = timeoutMs;
    this.headers = { accept: "application/json", ...opts.headers };
    this.fetchFn = opts.fetch ?? fetch;
  }
  /** Evaluates `query` at one instant and reads one number from the answer. */
  async instantQuery(query, opts = {}) {
    if (query.trim() === "") throw new PrometheusError("query", "query is empty");
    const params = new URLSearchParams({ query, timeout: String(this.timeoutMs / 1e3) });
    if (opts.time) {
      const ms = opts.time.getTime();
      if (!Number.isFinite(ms)) throw new PrometheusError("query", "invalid evaluation time");
      params.set("time", String(ms / 1e3));
    }
    const { status, text } = await this.send(QUERY2, params, opts.signal);
    const envelope = parseEnvelope(status, text);
    if (envelope.status === "error") throw statusError(status, envelope, text);
    if (status < 200 || status > 299) throw httpError2(status, text);
    const data = check(QueryData, envelope.data, "data");
    return toResult(query, data, envelope.warnings ?? [], opts.reduce ?? "single");
  }
  async send(path, params, signal) {
    const url = new URL(this.base);
    url.pathname = url.pathname.replace(/\/+$/, "") + path;
    url.search = params.toString();
    url.hash = "";
    let init = { method: "GET", headers: this.headers };
    if (url.href.length > MAX_GET_URL) {
      url.search = "";
      const headers = { ...this.headers, "content-type": "application/x-www-form-urlencoded" };
      init = { method: "POST", headers, body: params.toString() };
    }
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      const res = await this.fetchFn(url, { ...init, signal: combined });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) {
        throw new PrometheusError("timeout", `${path}: no answer within ${this.timeoutMs} ms`, {
          cause: err
        });
      }
      throw new PrometheusError("unreachable", `${path}: ${describeNetworkError(err)}`, { cause: err });
    }
  }
};
function parseEnvelope(status, text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (status < 200 || status > 299) throw httpError2(status, text);
    const body = text.slice(0, MAX_ERROR_BODY2);
    throw new PrometheusError("bad_data", `${QUERY2}: answer is not JSON`, { status, body, cause: err });
  }
  const r = Envelope.safeParse(json);
  if (r.success) return r.data;
  if (status < 200 || status > 299) throw httpError2(status, text);
  return check(Envelope, json, "");
}
function statusError(status, env, text) {
  const errorType = env.errorType ?? "unknown";
  const extra = { status, errorType, body: text.slice(0, MAX_ERROR_BODY2) };
  const message = `${QUERY2}: Prometheus ${errorType} error: ${env.error ?? "(no message)"}`;
  if (errorType === "timeout") return new PrometheusError("timeout", message, extra);
  if (errorType === "unavailable" || errorType === "internal") {
    return new PrometheusError("http", message, extra);
  }
  return new PrometheusError("query", message, extra);
}
function httpError2(status, text) {
  const body = text.slice(0, MAX_ERROR_BODY2);
  const detail = body.trim() ? `: ${body.trim().slice(0, 200)}` : "";
  return new PrometheusError("http", `${QUERY2}: HTTP ${status}${detail}`, { status, body });
}
function toResult(query, data, promWarnings, reduce) {
  const warnings = [...promWarnings];
  const base = { query, warnings, partial: promWarnings.length > 0 };
  switch (data.resultType) {
    case "scalar": {
      const value = sampleValue(data.result[1], "scalar", warnings);
      return { ...base, resultType: "scalar", value, series: 1, samples: [{ value }], raw: data };
    }
    case "string": {
      if (!FLOAT.test(data.result[1])) {
        throw new PrometheusError("bad_data", `query returned the string ${JSON.stringify(data.result[1])}`);
      }
      const value = Number(data.result[1]);
      return { ...base, resultType: "string", value, series: 1, samples: [{ value }], raw: data };
    }
    case "matrix":
      throw new PrometheusError(
        "bad_data",
        `query returned a range vector (${data.result.length} series); reduce it over time, e.g. avg_over_time(\u2026[5m])`
      );
    case "vector": {
      const samples = data.result.map((s) => {
        const where = `series ${formatLabels(s.metric)}`;
        if (!s.value) {
          const fix = "wrap it in histogram_sum(), histogram_count() or histogram_quantile()";
          throw new PrometheusError("bad_data", `${where} is a native histogram; ${fix}`);
        }
        return { labels: s.metric, value: sampleValue(s.value[1], where, warnings) };
      });
      const raw = { ...data, result: data.result.slice(0, MAX_SERIES) };
      const series = samples.length;
      if (series === 0) return { ...base, resultType: "empty", value: null, series, samples: [], raw };
      const value = reduceValues(samples, reduce);
      return { ...base, resultType: "vector", value, series, samples: samples.slice(0, MAX_SERIES), raw };
    }
  }
}
function reduceValues(samples, reduce) {
  if (reduce === "single" && samples.length > 1) {
    throw new PrometheusError(
      "bad_data",
      `query returned ${samples.length} series; wrap it in sum() or max() (first: ${formatLabels(samples[0]?.labels ?? {})})`
    );
  }
  const values = [];
  for (const s of samples) {
    if (s.value === null) return null;
    values.push(s.value);
  }
  if (reduce === "max") return Math.max(...values);
  if (reduce === "min") return Math.min(...values);
  return values.reduce((a, b) => a + b, 0);
}
function sampleValue(text, where, warnings) {
  if (NON_FINITE.has(text)) {
    warnings.push(`${where}: value ${text} is not a number; read as no data`);
    return null;
  }
  if (!FLOAT.test(text)) {
    throw new PrometheusError("bad_data", `${where}: value ${JSON.stringify(text)} is not a number`);
  }
  return Number(text);
}
function formatLabels(labels) {
  const { __name__: name = "", ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${pairs.join(", ")}}`;
}
function check(schema, value, at) {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = [at, ...(issue?.path ?? []).map(String)].filter((p) => p !== "").join(".") || "(root)";
  throw new PrometheusError("bad_data", `${QUERY2}: unexpected answer at ${where}: ${issue?.message}`);
}

// src/app/observe/providers.ts
var ObserverConfigError = class extends Error {
  name = "ObserverConfigError";
};
function bearer(token) {
  return token ? { authorization: `Bearer ${token}` } : {};
}
function observerConfigFromEnv(env) {
  const prometheusUrl = env.INTENTOPS_PROMETHEUS_URL || env.PROMETHEUS_URL;
  const lokiUrl = env.INTENTOPS_LOKI_URL || env.LOKI_URL;
  return {
    ...prometheusUrl ? { prometheusUrl } : {},
    prometheusHeaders: bearer(env.INTENTOPS_PROMETHEUS_TOKEN),
    ...lokiUrl ? { lokiUrl } : {},
    lokiHeaders: {
      ...bearer(env.INTENTOPS_LOKI_TOKEN),
      ...env.INTENTOPS_LOKI_TENANT ? { "x-scope-orgid": env.INTENTOPS_LOKI_TENANT } : {}
    },
    ...env.KUBECONFIG ? { kubeconfigPath: env.KUBECONFIG } : {},
    ...env.INTENTOPS_KUBE_CONTEXT ? { kubeContext: env.INTENTOPS_KUBE_CONTEXT } : {}
  };
}
function createObservers(config, timeoutMs = 1e4) {
  let kube;
  return {
    prometheus(url) {
      const baseUrl = url ?? config.prometheusUrl;
      if (!baseUrl)
        throw new ObserverConfigError("no Prometheus URL: set capture.prometheus.url or PROMETHEUS_URL");
      return new PrometheusClient({ baseUrl, timeoutMs, headers: config.prometheusHeaders ?? {} });
    },
    loki(url) {
      const baseUrl = url ?? config.lokiUrl;
      if (!baseUrl) throw new ObserverConfigError("no Loki URL: set capture.loki.url or LOKI_URL");
      return new LokiClient({ baseUrl, timeoutMs, headers: config.lokiHeaders ?? {} });
    },
    kube() {
      kube ??= import("./kubernetes-PA5DVQMQ.js").then(
        (m) => m.createKubeReader({
          ...config.kubeconfigPath ? { kubeconfigPath: config.kubeconfigPath } : {},
          ...config.kubeconfigYaml ? { kubeconfigYaml: config.kubeconfigYaml } : {},
          ...config.kubeContext ? { context: config.kubeContext } : {}
        })
      );
      return kube;
    },
    fetch: globalThis.fetch
  };
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
function realPorts(log, observe = observerConfigFromEnv(process.env)) {
  return {
    runProcess,
    now: () => /* @__PURE__ */ new Date(),
    sleep: abortableSleep,
    log,
    observers: createObservers(observe)
  };
}

export {
  observerConfigFromEnv,
  realPorts
};
