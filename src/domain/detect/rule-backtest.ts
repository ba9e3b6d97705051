import type { PlannedRule } from '../plan/plan.js';
import { targetOf } from '../request/target.js';
import { evaluateCondition } from '../rules/condition.js';
import { ruleVariables } from '../rules/variables.js';
import type { ExecutionRecord } from '../schemas/record.js';
import { recordView } from './detect.js';

// Backtest: a new or changed anomaly rule evaluated over past records, compared with what those
// records say fired at the time. Pure and incremental: feed records one by one (thousands of them),
// read the summary at the end.

export interface BacktestRule extends PlannedRule {
  /** The intent the rule applies to; undefined: every intent (default.yaml). */
  intent?: string;
}

export interface BacktestHit {
  path: string;
  id: string;
  timestamp: string;
  intent: string;
  target?: string;
  inputs: Record<string, unknown>;
}

export interface RuleBacktest {
  rule: string;
  file: string;
  condition: string;
  intent?: string;
  /** The rule is gone from its file: every recorded firing stops. */
  removed?: boolean;
  /** Records the rule applied to (denied and cancelled runs never ran detection). */
  considered: number;
  fires: number;
  notEvaluated: number;
  /** Would fire where the record says it did not. */
  newlyFires: BacktestHit[];
  /** Recorded as fired, would not fire now. */
  stopsFiring: BacktestHit[];
  /** A few records where it fires (the newest), for a reader to look at. */
  examples: BacktestHit[];
}

const EXAMPLES = 5;

const emptyResult = (rule: string, file: string, condition: string): RuleBacktest => ({
  rule,
  file,
  condition,
  considered: 0,
  fires: 0,
  notEvaluated: 0,
  newlyFires: [],
  stopsFiring: [],
  examples: [],
});

export class Backtest {
  readonly results: RuleBacktest[];
  records = 0;

  private readonly named: Set<string>;
  private readonly removed = new Map<string, RuleBacktest>();

  /**
   * `files`: the rule files being replaced — a rule recorded from one of them that is no longer in
   * `rules` was removed (or renamed), and every recorded firing of it stops.
   */
  constructor(
    private readonly rules: readonly BacktestRule[],
    private readonly files: ReadonlySet<string> = new Set(),
  ) {
    this.named = new Set(rules.map((r) => `${r.file}\u0000${r.name}`));
    this.results = rules.map((r) => ({
      ...emptyResult(r.name, r.file, r.condition),
      ...(r.intent ? { intent: r.intent } : {}),
    }));
  }

  /** The rules' results, then one for each removed rule that had fired. */
  summary(): RuleBacktest[] {
    return [...this.results, ...this.removed.values()];
  }

  add(record: ExecutionRecord, path: string): void {
    this.records++;
    if (record.status === 'denied' || record.status === 'cancelled') return;
    let vars: Record<string, unknown> | undefined;
    const target = targetOf(record.params ?? {});
    for (const a of record.anomalies) {
      if (!this.files.has(a.rules_file) || this.named.has(`${a.rules_file}\u0000${a.rule}`)) continue;
      const key = `${a.rules_file}\u0000${a.rule}`;
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
        ...(target ? { target } : {}),
        inputs: a.inputs,
      });
    }
    this.rules.forEach((rule, i) => {
      if (rule.intent !== undefined && rule.intent !== record.intent) return;
      const res = this.results[i] as RuleBacktest;
      res.considered++;
      const recorded = record.anomalies.some((a) => a.rule === rule.name);
      const hit = (inputs: Record<string, unknown>): BacktestHit => ({
        path,
        id: record.id,
        timestamp: record.timestamp,
        intent: record.intent,
        ...(target ? { target } : {}),
        inputs,
      });
      vars ??= ruleVariables(recordView(record));
      const ev = evaluateCondition(rule.condition, vars);
      if (ev.status === 'fired') {
        res.fires++;
        res.examples.push(hit(ev.inputs));
        if (res.examples.length > EXAMPLES) res.examples.shift();
        if (!recorded) res.newlyFires.push(hit(ev.inputs));
      } else {
        if (ev.status === 'not_evaluated') res.notEvaluated++;
        if (recorded) res.stopsFiring.push(hit(ev.inputs));
      }
    });
  }
}
