import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";

// src/domain/report/model.ts
function seconds(d) {
  if (!d) return null;
  try {
    return durationSeconds(d);
  } catch {
    return null;
  }
}
function executionPage(id) {
  return `executions/${id.replace(/[^A-Za-z0-9._-]/g, "_")}.html`;
}
function buildReportModel(input) {
  const since = input.since?.getTime();
  const records = input.records.filter((r) => since === void 0 || Date.parse(r.record.timestamp) >= since).slice().sort((a, b) => a.record.timestamp < b.record.timestamp ? -1 : 1);
  const bakes = /* @__PURE__ */ new Map();
  for (const { record } of records)
    if (record.observation_of && record.observation)
      bakes.set(record.observation_of, record.observation.verdict);
  const executions = records.filter(({ record }) => !record.observation_of).map(({ path, record }) => ({
    id: record.id,
    intent: record.intent,
    status: record.status,
    timestamp: record.timestamp,
    durationS: seconds(record.duration),
    expectedS: seconds(record.expected_duration),
    anomalies: record.anomalies.length,
    recordPath: path,
    page: executionPage(record.id),
    ...bakes.has(record.id) ? { bake: bakes.get(record.id) } : {}
  }));
  const intents = /* @__PURE__ */ new Map();
  for (const e of executions) {
    const s = intents.get(e.intent) ?? {
      intent: e.intent,
      total: 0,
      byStatus: {
        success: 0,
        failed: 0,
        cancelled: 0,
        interrupted: 0,
        expired: 0,
        denied: 0,
        inconclusive: 0
      },
      successRate: null,
      over: 0
    };
    s.total++;
    s.byStatus[e.status]++;
    if (e.durationS !== null && e.expectedS !== null && e.durationS > e.expectedS) s.over++;
    intents.set(e.intent, s);
  }
  for (const s of intents.values()) {
    const ran = s.total - s.byStatus.denied;
    s.successRate = ran > 0 ? s.byStatus.success / ran : null;
  }
  const intentList = [...intents.values()].sort((a, b) => a.intent.localeCompare(b.intent));
  const days = [...new Set(executions.map((e) => e.timestamp.slice(0, 10)))].sort();
  const perDay = {
    days,
    series: intentList.map((s) => ({
      intent: s.intent,
      counts: days.map(
        (d) => executions.filter((e) => e.intent === s.intent && e.timestamp.startsWith(d)).length
      )
    }))
  };
  const rules = /* @__PURE__ */ new Map();
  for (const { record } of records) {
    for (const a of record.anomalies) {
      const r = rules.get(a.rule) ?? { rule: a.rule, severity: a.severity, count: 0 };
      r.count++;
      if (a.severity < r.severity) r.severity = a.severity;
      rules.set(a.rule, r);
    }
  }
  const drafts = new Set(input.draftFingerprints);
  for (const { record } of records) for (const d of record.drafts) drafts.add(d.fingerprint);
  const entries = (input.ledger?.entries ?? []).map((e) => ({
    id: e.id,
    trigger: e.trigger,
    state: e.state,
    pr: e.pr === void 0 || e.pr === null ? null : String(e.pr),
    // Only web links: a ledger value must not become a javascript: href.
    url: e.url && /^https?:\/\//.test(e.url) ? e.url : null
  }));
  const byState = { open: 0, accepted: 0, rejected: 0, local: 0 };
  for (const e of input.ledger?.entries ?? []) byState[e.state]++;
  return {
    generatedAt: input.now.toISOString(),
    since: input.since ? input.since.toISOString() : null,
    executions,
    intents: intentList,
    perDay,
    anomaliesByRule: [...rules.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    incidents: { drafts: drafts.size, filed: input.filed.length },
    suggestions: {
      present: input.ledger !== null,
      entries,
      byState,
      skipped: input.ledger?.skipped ?? 0
    },
    records
  };
}

export {
  seconds,
  buildReportModel
};
