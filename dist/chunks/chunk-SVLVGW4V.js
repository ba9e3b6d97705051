import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  METRICS_WINDOW_DAYS,
  botMetrics
} from "./chunk-H55JND6H.js";
import {
  seconds
} from "./chunk-PNMILFEU.js";
import {
  readRecords
} from "./chunk-JLCMCG2X.js";
import {
  draftFingerprint
} from "./chunk-4HPX7IO7.js";
import {
  PAGERDUTY_EVENTS_URL,
  loadFile
} from "./chunk-XHNTYNXM.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";

// src/app/after-run/index.ts
import { appendFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";

// src/adapters/http-deliver.ts
var DeliveryError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
  name = "DeliveryError";
};
async function postJson(url, body, opts) {
  let res;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...opts.headers },
      body: JSON.stringify(body),
      redirect: "error",
      signal: AbortSignal.timeout(opts.timeoutMs)
    });
  } catch (err) {
    const e = err;
    if (e.name === "TimeoutError") throw new DeliveryError(`no answer within ${opts.timeoutMs} ms`);
    throw new DeliveryError(`request failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  const text = (await res.text().catch(() => "")).slice(0, 300).replace(/\s+/g, " ").trim();
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}${text ? `: ${text}` : ""}`, res.status);
  return { status: res.status };
}

// src/domain/notify/messages.ts
function alerting(record, severities) {
  return record.anomalies.filter((a) => severities.includes(a.severity));
}
function anomalyFingerprint(record, anomaly) {
  return draftFingerprint(record.intent, anomaly.rule, targetOf(record.params));
}
function runSpan(record) {
  const time = Date.parse(record.timestamp);
  return { time, timeEnd: time + Math.round((seconds(record.duration) ?? 0) * 1e3) };
}
function what(record) {
  const target = targetOf(record.params);
  return `${record.intent}${target ? ` ${target}` : ""}`;
}
function grafanaAnnotation(record, links, dashboardUID) {
  const anomalies = record.anomalies.map((a) => `${a.rule} (${a.severity})`).join(", ");
  return {
    ...dashboardUID ? { dashboardUID } : {},
    ...runSpan(record),
    tags: ["intentops", `intent:${record.intent}`, `status:${record.status}`],
    text: [
      `${what(record)}: ${record.status} in ${record.duration}`,
      anomalies ? `anomalies: ${anomalies}` : "",
      record.id,
      links.record ?? ""
    ].filter(Boolean).join("\n")
  };
}
var PD_SEVERITY = {
  P1: "critical",
  P2: "error",
  P3: "warning",
  P4: "info"
};
function pagerDutyEvent(record, anomaly, routingKey, links) {
  const linkList = [
    ...links.record ? [{ href: links.record, text: `execution record ${record.id}` }] : [],
    ...links.run ? [{ href: links.run, text: "workflow run" }] : []
  ].filter((l) => /^https?:\/\//.test(l.href));
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: anomalyFingerprint(record, anomaly),
    payload: {
      summary: `${what(record)}: anomaly ${anomaly.rule} (${anomaly.severity})`.slice(0, 1024),
      severity: PD_SEVERITY[anomaly.severity],
      source: targetOf(record.params) ?? record.intent,
      timestamp: record.timestamp,
      component: record.intent,
      class: anomaly.rule,
      custom_details: {
        execution_id: record.id,
        status: record.status,
        condition: anomaly.condition,
        values: anomaly.inputs,
        ...links.record ? { record: links.record } : {}
      }
    },
    ...linkList.length ? { links: linkList } : {}
  };
}
function slackEscape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function slackMessage(record, anomalies, links) {
  const lines = [
    `*intentops*: ${slackEscape(what(record))} \u2014 ${record.status} (${record.duration}), ${anomalies.length} anomal${anomalies.length === 1 ? "y" : "ies"}`,
    ...anomalies.map(
      (a) => `\u2022 ${a.severity} \`${slackEscape(a.rule)}\`: \`${slackEscape(a.condition)}\` with ${slackEscape(JSON.stringify(a.inputs))}`
    ),
    `execution ${slackEscape(record.id)}`,
    ...links.record && /^https?:\/\//.test(links.record) ? [`<${links.record}|record>`] : []
  ];
  return { text: lines.join("\n") };
}

// src/app/after-run/deliveries.ts
function grafanaUrl(base) {
  return new URL("api/annotations", base.endsWith("/") ? base : `${base}/`).toString();
}
async function windowRecords(repoDir, now) {
  const out = [];
  for await (const r of readRecords(repoDir, new Date(now.getTime() - METRICS_WINDOW_DAYS * 864e5))) {
    if ("record" in r) out.push(r.record);
  }
  return out;
}
function deliveries(ctx) {
  const { record, links, settings, env, timeoutMs } = ctx;
  const out = [];
  const g = settings.grafana;
  if (g) {
    out.push({
      target: "grafana",
      kind: "grafana",
      run: async () => {
        const body = grafanaAnnotation(record, links, g.dashboardUID);
        const res = await postJson(grafanaUrl(g.url), body, {
          headers: { authorization: `Bearer ${g.token}` },
          timeoutMs
        });
        return `annotation ${body.tags.join(",")} (HTTP ${res.status})`;
      }
    });
  }
  const p = settings.pushgateway;
  if (p) {
    out.push({
      target: "pushgateway",
      kind: "pushgateway",
      run: async () => {
        const [{ pushMetrics }, records] = await Promise.all([
          import("./metrics-push-YU3FBO7C.js"),
          windowRecords(ctx.repoDir, ctx.now)
        ]);
        const samples = botMetrics(records);
        await pushMetrics({ url: p.url, samples, job: "intentops", groupings: p.groupings, timeoutMs });
        return `${samples.length} samples pushed`;
      }
    });
  }
  for (const channel of settings.channels) {
    const anomalies = alerting(record, channel.severities);
    if (anomalies.length === 0) continue;
    const secretEnv = channel.kind === "slack" ? channel.webhook_url_env : channel.routing_key_env;
    out.push({
      target: channel.name,
      kind: channel.kind,
      run: async () => {
        const secret = env[secretEnv];
        if (!secret) throw new Error(`${secretEnv} is not set`);
        if (channel.kind === "slack") {
          await postJson(secret, slackMessage(record, anomalies, links), { timeoutMs });
          return `message with ${anomalies.length} anomalies`;
        }
        const url = channel.events_url_env && env[channel.events_url_env] || PAGERDUTY_EVENTS_URL;
        const events = anomalies.map((a) => pagerDutyEvent(record, a, secret, links));
        const sent = await Promise.allSettled(events.map((e) => postJson(url, e, { timeoutMs })));
        const failed = sent.flatMap(
          (s, i) => s.status === "rejected" ? [`${events[i]?.dedup_key}: ${s.reason.message}`] : []
        );
        const ok = events.filter((_, i) => sent[i]?.status === "fulfilled").map((e) => e.dedup_key);
        if (failed.length)
          throw new Error(`${ok.length ? `triggered ${ok.join(", ")}; ` : ""}failed ${failed.join("; ")}`);
        return `triggered ${ok.join(", ")}`;
      }
    });
  }
  return out;
}

// src/app/after-run/settings.ts
import { basename } from "node:path";
var NOTIFY_FILE = "intents/notify.yaml";
async function readSettings(repoDir, env) {
  const problems = [];
  const secrets = [];
  const keep = (v) => {
    if (v) secrets.push(v);
    return v;
  };
  const out = { channels: [], problems, secrets };
  const grafanaUrl2 = keep(env.GRAFANA_URL);
  const grafanaToken = keep(env.GRAFANA_TOKEN);
  if (grafanaUrl2 && grafanaToken) {
    out.grafana = {
      url: grafanaUrl2,
      token: grafanaToken,
      ...env.GRAFANA_DASHBOARD_UID ? { dashboardUID: env.GRAFANA_DASHBOARD_UID } : {}
    };
  } else if (grafanaUrl2 || grafanaToken) {
    problems.push("grafana: set both GRAFANA_URL and GRAFANA_TOKEN to send annotations");
  }
  const gateway = keep(env.PUSHGATEWAY_URL);
  if (gateway) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
    out.pushgateway = {
      url: gateway,
      groupings: owner && repo ? { owner, repo } : { repo: basename(repoDir) || "repo" }
    };
  }
  const notify = await loadFile(repoDir, NOTIFY_FILE).catch(() => void 0);
  if (notify?.loaded) {
    out.channels = notify.loaded.data.channels;
    for (const c of out.channels) keep(env[c.kind === "slack" ? c.webhook_url_env : c.routing_key_env]);
  } else if (notify?.diagnostics.some((d) => !/cannot read: ENOENT/.test(d.message))) {
    problems.push(
      `${NOTIFY_FILE} is invalid, no alerts sent (run intentops validate): ${notify.diagnostics[0]?.message ?? ""}`
    );
  }
  return out;
}
function scrub(text, secrets) {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length < 4) continue;
    for (const form of /* @__PURE__ */ new Set([s, encodeURIComponent(s)])) out = out.split(form).join("[REDACTED]");
  }
  return out;
}

// src/app/after-run/index.ts
var NOTIFY_LOG = "incidents/notify-log.jsonl";
var DEFAULT_TIMEOUT_MS = 5e3;
async function afterRun(ctx) {
  const now = ctx.now ?? (() => /* @__PURE__ */ new Date());
  const outcomes = [];
  let secrets = [];
  const note = (target, kind, ok, detail) => outcomes.push({
    at: now().toISOString(),
    execution_id: ctx.record.id,
    target,
    kind,
    ok,
    detail: scrub(detail, secrets)
  });
  try {
    const settings = await readSettings(ctx.repoDir, ctx.env);
    secrets = settings.secrets;
    for (const p of settings.problems) note("settings", "config", false, p);
    const list = deliveries({
      repoDir: ctx.repoDir,
      record: ctx.record,
      links: ctx.links ?? {},
      settings,
      env: ctx.env,
      now: now(),
      timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS
    });
    const results = await Promise.allSettled(list.map((d) => d.run()));
    results.forEach((r, i) => {
      const d = list[i];
      if (!d) return;
      if (r.status === "fulfilled") {
        if (r.value !== null) note(d.target, d.kind, true, r.value);
      } else {
        note(d.target, d.kind, false, r.reason?.message ?? String(r.reason));
      }
    });
  } catch (err) {
    note("after-run", "internal", false, err.message);
  }
  for (const o of outcomes) ctx.log(`${o.ok ? "\u2714" : "\u2716"} ${o.kind} ${o.target}: ${o.detail}`);
  if (outcomes.length) {
    try {
      const abs = join(ctx.repoDir, NOTIFY_LOG);
      await mkdir(dirname(abs), { recursive: true });
      await appendFile(abs, outcomes.map((o) => `${JSON.stringify(o)}
`).join(""));
    } catch (err) {
      ctx.log(`\u2716 could not write ${NOTIFY_LOG}: ${scrub(err.message, secrets)}`);
    }
  }
  return outcomes;
}

export {
  NOTIFY_LOG,
  afterRun
};
