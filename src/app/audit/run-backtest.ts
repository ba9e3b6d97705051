import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Backtest, type BacktestRule, type RuleBacktest } from '../../domain/detect/rule-backtest.js';
import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { InputError } from '../../domain/input/errors.js';
import { checkSchema } from '../../domain/input/schema-check.js';
import { parseYamlSource } from '../../domain/input/yaml-source.js';
import { checkCondition } from '../../domain/rules/condition.js';
import { type AnomalyRules, AnomalyRulesSchema } from '../../domain/schemas/anomaly-rules.js';
import { fullCheck, readRecords } from '../records/read-records.js';
import { diagnosticAt, loadRepo } from '../shared/load-repo.js';
import { stem } from '../shared/repo-files.js';

// `intentops backtest --rule <file|name>`: which past records a new or changed rule would have
// fired on, and where it would stop firing compared with what the records say fired then.

/**
 * The intent a rules file applies to: its `intent`, else (inside intents/anomaly-rules/) its name;
 * undefined — every intent — for default.yaml and for a candidate file elsewhere without `intent`.
 */
function fileIntent(path: string, data: AnomalyRules): string | undefined {
  if (data.intent) return data.intent;
  if (!path.startsWith('intents/anomaly-rules/')) return undefined;
  return stem(path) === 'default' ? undefined : stem(path);
}

/** The rules of one anomaly-rules file, schema- and type-checked; problems are bad input (exit 2). */
export async function rulesFromFile(repoDir: string, file: string, text?: string): Promise<BacktestRule[]> {
  const body = text ?? (await readFile(join(repoDir, file), 'utf8'));
  const parsed = parseYamlSource(file, body);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const checked = checkSchema(parsed.source, AnomalyRulesSchema);
  const problems: Diagnostic[] = [...parsed.diagnostics.filter((d) => d.severity === 'error')];
  problems.push(...checked.diagnostics);
  const data = checked.data;
  if (data) {
    const loaded = { path: file, source: parsed.source, data };
    data.anomaly_rules.forEach((r, i) => {
      const c = checkCondition(r.condition);
      if (!c.ok)
        problems.push(
          diagnosticAt(loaded, ['anomaly_rules', i, 'condition'], `rule '${r.name}': ${c.message}`),
        );
    });
  }
  if (problems.length || !data) throw new InputError(problems);
  const intent = fileIntent(file, data);
  return data.anomaly_rules.map((r) => ({ ...r, file, ...(intent ? { intent } : {}) }));
}

/**
 * `--rule` names a file (relative to the repo or the cwd) or a rule in the repo's rule files.
 * Returns the rules and, for a file inside intents/anomaly-rules/, that file (whose removed rules
 * then count as stopping).
 */
export async function resolveRuleRef(
  repoDir: string,
  ref: string,
): Promise<{ rules: BacktestRule[]; files: Set<string> }> {
  const inRepo = !isAbsolute(ref) && existsSync(join(repoDir, ref));
  const abs = inRepo ? join(repoDir, ref) : resolve(ref);
  if (/\.ya?ml$/.test(ref) || existsSync(abs)) {
    if (!existsSync(abs)) {
      throw new InputError([{ file: ref, severity: 'error', message: 'no such rules file' }]);
    }
    const rel = relative(repoDir, abs).split(sep).join('/');
    const name = rel.startsWith('..') ? abs : rel;
    const rules = await rulesFromFile(repoDir, name, await readFile(abs, 'utf8'));
    return { rules, files: new Set(rel.startsWith('intents/anomaly-rules/') ? [rel] : []) };
  }
  const { catalog } = await loadRepo(repoDir);
  const rules: BacktestRule[] = [];
  for (const l of catalog.rules) {
    const intent = fileIntent(l.path, l.data);
    for (const r of l.data.anomaly_rules) {
      if (r.name === ref) rules.push({ ...r, file: l.path, ...(intent ? { intent } : {}) });
    }
  }
  if (rules.length === 0) {
    const known = [...new Set(catalog.rules.flatMap((l) => l.data.anomaly_rules.map((r) => r.name)))].sort();
    throw new InputError([
      {
        file: ref,
        severity: 'error',
        message: `no rules file and no rule of that name; rules in intents/anomaly-rules/: ${known.join(', ') || 'none'}`,
      },
    ]);
  }
  return { rules, files: new Set() };
}

export interface BacktestResult {
  records: number;
  since?: string;
  rules: RuleBacktest[];
  unreadable: { path: string; reason: string }[];
}

export async function backtest(
  repoDir: string,
  rules: readonly BacktestRule[],
  opts: { since?: Date; files?: ReadonlySet<string> } = {},
): Promise<BacktestResult> {
  const bt = new Backtest(rules, opts.files);
  const unreadable: BacktestResult['unreadable'] = [];
  for await (const r of readRecords(repoDir, opts.since)) {
    if ('error' in r) unreadable.push({ path: r.path, reason: r.error });
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
    ...(opts.since ? { since: opts.since.toISOString() } : {}),
    rules: bt.summary(),
    unreadable,
  };
}
