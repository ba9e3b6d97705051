import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  fullCheck,
  readRecords
} from "./chunk-JLCMCG2X.js";
import {
  recordView
} from "./chunk-H66C7OWU.js";
import {
  checkCondition,
  evaluateCondition,
  ruleVariables
} from "./chunk-AAUYX2DP.js";
import {
  AnomalyRulesSchema,
  diagnosticAt,
  loadRepo,
  stem
} from "./chunk-XHNTYNXM.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  checkSchema,
  parseYamlSource
} from "./chunk-4BJPRUAX.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";

// src/app/audit/backtest.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

// src/domain/backtest.ts
var EXAMPLES = 5;
var emptyResult = (rule, file, condition) => ({
  rule,
  file,
  condition,
  considered: 0,
  fires: 0,
  notEvaluated: 0,
  newlyFires: [],
  stopsFiring: [],
  examples: []
});
var Backtest = class {
  /**
   * `files`: the rule files being replaced — a rule recorded from one of them that is no longer in
   * `rules` was removed (or renamed), and every recorded firing of it stops.
   */
  constructor(rules, files = /* @__PURE__ */ new Set()) {
    this.rules = rules;
    this.files = files;
    this.named = new Set(rules.map((r) => `${r.file}\0${r.name}`));
    this.results = rules.map((r) => ({
      ...emptyResult(r.name, r.file, r.condition),
      ...r.intent ? { intent: r.intent } : {}
    }));
  }
  rules;
  files;
  results;
  records = 0;
  named;
  removed = /* @__PURE__ */ new Map();
  /** The rules' results, then one for each removed rule that had fired. */
  summary() {
    return [...this.results, ...this.removed.values()];
  }
  add(record, path) {
    this.records++;
    if (record.status === "denied" || record.status === "cancelled") return;
    let vars;
    const target = targetOf(record.params ?? {});
    for (const a of record.anomalies) {
      if (!this.files.has(a.rules_file) || this.named.has(`${a.rules_file}\0${a.rule}`)) continue;
      const key = `${a.rules_file}\0${a.rule}`;
      let res = this.removed.get(key);
      if (!res) {
        res = { ...emptyResult(a.rule, a.rules_file, a.condition), removed: true };
        this.removed.set(key, res);
      }
      res.considered++;
      res.stopsFiring.push({
        path,
        id: record.id,
        timestamp: record.timestamp,
        intent: record.intent,
        ...target ? { target } : {},
        inputs: a.inputs
      });
    }
    this.rules.forEach((rule, i) => {
      if (rule.intent !== void 0 && rule.intent !== record.intent) return;
      const res = this.results[i];
      res.considered++;
      const recorded = record.anomalies.some((a) => a.rule === rule.name);
      const hit = (inputs) => ({
        path,
        id: record.id,
        timestamp: record.timestamp,
        intent: record.intent,
        ...target ? { target } : {},
        inputs
      });
      vars ??= ruleVariables(recordView(record));
      const ev = evaluateCondition(rule.condition, vars);
      if (ev.status === "fired") {
        res.fires++;
        res.examples.push(hit(ev.inputs));
        if (res.examples.length > EXAMPLES) res.examples.shift();
        if (!recorded) res.newlyFires.push(hit(ev.inputs));
      } else {
        if (ev.status === "not_evaluated") res.notEvaluated++;
        if (recorded) res.stopsFiring.push(hit(ev.inputs));
      }
    });
  }
};

// src/app/audit/backtest.ts
function fileIntent(path, data) {
  if (data.intent) return data.intent;
  if (!path.startsWith("intents/anomaly-rules/")) return void 0;
  return stem(path) === "default" ? void 0 : stem(path);
}
async function rulesFromFile(repoDir, file, text) {
  const body = text ?? await readFile(join(repoDir, file), "utf8");
  const parsed = parseYamlSource(file, body);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const checked = checkSchema(parsed.source, AnomalyRulesSchema);
  const problems = [...parsed.diagnostics.filter((d) => d.severity === "error")];
  problems.push(...checked.diagnostics);
  const data = checked.data;
  if (data) {
    const loaded = { path: file, source: parsed.source, data };
    data.anomaly_rules.forEach((r, i) => {
      const c = checkCondition(r.condition);
      if (!c.ok)
        problems.push(
          diagnosticAt(loaded, ["anomaly_rules", i, "condition"], `rule '${r.name}': ${c.message}`)
        );
    });
  }
  if (problems.length || !data) throw new InputError(problems);
  const intent = fileIntent(file, data);
  return data.anomaly_rules.map((r) => ({ ...r, file, ...intent ? { intent } : {} }));
}
async function resolveRuleRef(repoDir, ref) {
  const inRepo = !isAbsolute(ref) && existsSync(join(repoDir, ref));
  const abs = inRepo ? join(repoDir, ref) : resolve(ref);
  if (/\.ya?ml$/.test(ref) || existsSync(abs)) {
    if (!existsSync(abs)) {
      throw new InputError([{ file: ref, severity: "error", message: "no such rules file" }]);
    }
    const rel = relative(repoDir, abs).split(sep).join("/");
    const name = rel.startsWith("..") ? abs : rel;
    const rules2 = await rulesFromFile(repoDir, name, await readFile(abs, "utf8"));
    return { rules: rules2, files: new Set(rel.startsWith("intents/anomaly-rules/") ? [rel] : []) };
  }
  const { catalog } = await loadRepo(repoDir);
  const rules = [];
  for (const l of catalog.rules) {
    const intent = fileIntent(l.path, l.data);
    for (const r of l.data.anomaly_rules) {
      if (r.name === ref) rules.push({ ...r, file: l.path, ...intent ? { intent } : {} });
    }
  }
  if (rules.length === 0) {
    const known = [...new Set(catalog.rules.flatMap((l) => l.data.anomaly_rules.map((r) => r.name)))].sort();
    throw new InputError([
      {
        file: ref,
        severity: "error",
        message: `no rules file and no rule of that name; rules in intents/anomaly-rules/: ${known.join(", ") || "none"}`
      }
    ]);
  }
  return { rules, files: /* @__PURE__ */ new Set() };
}
async function backtest(repoDir, rules, opts = {}) {
  const bt = new Backtest(rules, opts.files);
  const unreadable = [];
  for await (const r of readRecords(repoDir, opts.since)) {
    if ("error" in r) unreadable.push({ path: r.path, reason: r.error });
    else if (!opts.since || r.record.timestamp >= opts.since.toISOString()) {
      try {
        bt.add(r.record, r.path);
      } catch {
        unreadable.push({ path: r.path, reason: fullCheck(r.raw) });
      }
    }
  }
  return {
    records: bt.records,
    ...opts.since ? { since: opts.since.toISOString() } : {},
    rules: bt.summary(),
    unreadable
  };
}

export {
  rulesFromFile,
  resolveRuleRef,
  backtest
};
