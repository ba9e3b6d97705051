import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runDemo } from '../src/app/demo/demo.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';

describe('intentops demo', () => {
  it('shows the whole loop on a throw-away repo and leaves the checkout untouched', async () => {
    const root = join(import.meta.dirname, '..');
    const statusBefore = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
    const parent = await mkdtemp(join(tmpdir(), 'intentops-demo-test-'));
    const dir = join(parent, 'repo');
    const lines: string[] = [];
    try {
      const code = await runDemo({ dir, clean: false, version: 'test', print: (l) => lines.push(l) });
      const out = lines.join('\n');
      expect(code, out).toBe(0);
      for (const stage of [
        '1. Propose',
        '2. Validate  ✔',
        '3. Plan',
        '4. Execute',
        '5. A hostile',
        '6. The bad',
        '8. A human rolls it back',
        '9. Learn',
        '10. What was written',
        '11. Where to look',
      ]) {
        expect(out).toContain(stage);
      }
      expect(out).toMatch(/deploy-sneaky\.yaml:3:\d+: param 'app'/);
      const recs = readdirSync(join(dir, 'executions'))
        .flatMap((d) =>
          readdirSync(join(dir, 'executions', d))
            .filter((f) => f.endsWith('.yaml'))
            .map((f) => join(dir, 'executions', d, f)),
        )
        .map((f) => parse(readFileSync(f, 'utf8')) as ExecutionRecord)
        .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
      expect(recs.map((r) => r.status)).toEqual(['success', 'failed', 'failed', 'failed']);
      const bad = recs[1] as ExecutionRecord;
      expect(bad.failure_indicators.map((i) => i.pattern)).toContain('OOMKilled');
      expect(bad.anomalies.map((a) => a.rule).sort()).toEqual([
        'error_rate_increase',
        'memory_spike',
        'unexpected_restart',
      ]);
      const drafts = readdirSync(join(dir, 'incidents', 'drafts'));
      expect(drafts).toHaveLength(2);
      const restart = readFileSync(
        join(dir, 'incidents', 'drafts', drafts.find((d) => d.includes('unexpected_restart')) ?? ''),
        'utf8',
      );
      // One incident per failed run, its anomalies as rows; the P1 indicator (OOMKilled) sets its severity.
      expect(restart).toContain('title: "Deploy home-portal: failed — unexpected restart');
      expect(restart).toMatch(/^severity: P1$/m);
      expect(restart).toMatch(/^occurrences: 3$/m);
      // Learning: the third restart and the second manual fix each became a branch with a change.
      const branches = execFileSync('git', ['branch', '--list', 'intentops/learn/*'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(branches).toContain('intentops/learn/anomaly-deploy-app-unexpected-restart');
      expect(branches).toMatch(/intentops\/learn\/new-intent-rollout-undo-[0-9a-f]{8}/);
      const intent = execFileSync(
        'git',
        [
          'show',
          `${branches.match(/intentops\/learn\/new-intent-\S+/)?.[0]}:intents/catalog/rollout-undo.yaml`,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(intent).toContain('run: kubectl rollout undo deployment/{{app}} -n {{app}}');
      expect(out).toContain('New intent rollout-undo from 2 manual fixes');
      // The report it wrote puts the failed releases and their open incidents first.
      const index = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
      const attention = index.slice(index.indexOf('id="attention"'), index.indexOf('<h2>Charts</h2>'));
      for (const r of recs.filter((x) => x.status === 'failed')) expect(attention).toContain(r.id);
      expect(attention).toContain('Deploy home-portal: failed — unexpected restart');
      expect(attention).toContain('href="../incidents/drafts/');
      expect(out).toMatch(/report: +\S+\/site\/index\.html \(3 failed first, 2 open incidents/);
      expect(existsSync(join(dir, '.git'))).toBe(true);
      expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe('');
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' })).toBe(
      statusBefore,
    );
  });
});

describe('intentops demo pointed at real systems by configuration alone', () => {
  it('with PROMETHEUS_URL set, its runs also query that Prometheus', async () => {
    const { hasPrometheus, startPrometheus } = await import('./helpers/prometheus-server.js');
    if (!hasPrometheus) return;
    const prom = await startPrometheus();
    const parent = await mkdtemp(join(tmpdir(), 'intentops-demo-real-'));
    const dir = join(parent, 'repo');
    try {
      const lines: string[] = [];
      const code = await runDemo({
        dir,
        clean: false,
        version: 'test',
        print: (l) => lines.push(l),
        env: { PROMETHEUS_URL: prom.url },
      });
      expect(code, lines.join('\n')).toBe(0);
      const day = readdirSync(join(dir, 'executions'))[0] ?? '';
      const first =
        readdirSync(join(dir, 'executions', day))
          .filter((f) => f.endsWith('.yaml'))
          .sort()[0] ?? '';
      const rec = parse(readFileSync(join(dir, 'executions', day, first), 'utf8')) as ExecutionRecord;
      expect(rec.before?.prometheus).toMatchObject({ targets_up: { query: 'sum(up)' } });
      expect(rec.before?.unavailable?.map((u) => u.source) ?? []).not.toContain('prometheus:targets_up');
    } finally {
      await prom.stop();
      await rm(parent, { recursive: true, force: true });
    }
  });
});
