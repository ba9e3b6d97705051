import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/helpers/record-fixture.js';
import type { CommandRun } from '../domain/schemas/record.js';
import { cell, failedSteps, markdownTable, resultsTable, validateSummary } from './summary.js';

const where = { serverUrl: 'https://github.com', owner: 'o', repo: 'r' };

describe('job summaries', () => {
  it('neutralises markup and table syntax in cells', () => {
    expect(cell('<script>x</script> | a\nb `c`')).toBe("&lt;script&gt;x&lt;/script&gt; \\| a<br>b 'c'");
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n|---|---|\n| 1 | 2 |');
  });

  it('fits five columns: the request linked to its record, the result, the values seen, the incident by name', () => {
    const record = makeRecord({
      drafts: [{ fingerprint: 'f', path: 'https://github.com/o/r/issues/7', new: true }],
    });
    const md = resultsTable(
      [
        {
          path: 'intents/requests/web.yaml',
          id: record.id,
          target: 'web',
          status: 'success',
          record,
          recordPath: 'executions/2026-01-01/x.yaml',
        },
      ],
      where,
    );
    // Five columns that fit 1,100 px; values as a person reads them, the incident as a named link.
    expect(md.split('\n', 1)[0]).toBe('| request | result | target | seen | incidents |');
    expect(md).toContain(
      '| [<code>web.yaml</code>](https://github.com/o/r/blob/HEAD/executions/2026-01-01/x.yaml) | ✅ success in 12.5s | web | ✅ check state_written passed<br>',
    );
    expect(md).toContain('memory_spike (P2): metrics.memory_usage 40 → 75');
    expect(md).not.toContain('{"');
    expect(md).toContain('[incident #7](https://github.com/o/r/issues/7)');
  });

  it("shows a failed step's stderr tail, and a missing program as command not found", () => {
    const base = makeRecord({});
    const run = (over: Partial<CommandRun>): CommandRun => ({
      step: 'apply',
      cmd: 'kubectl apply',
      exit_code: 0,
      duration: '1s',
      ...over,
    });
    const failed = makeRecord({
      status: 'failed',
      commands_run: [
        run({ exit_code: 1, stderr_tail: 'warming up\nerror: the server has no ```resource```\n' }),
      ],
    });
    const missing = makeRecord({
      status: 'failed',
      commands_run: [run({ exit_code: null, error: 'command not found: kubectl', stderr_tail: '' })],
    });
    const md = failedSteps([
      { path: 'intents/requests/a.yaml', id: 'a', status: 'failed', record: failed },
      { path: 'intents/requests/b.yaml', id: 'b', status: 'failed', record: missing },
      { path: 'intents/requests/c.yaml', id: 'c', status: 'success', record: base },
    ]);
    expect(md).toContain(
      '<code>intents/requests/a.yaml</code>: step <code>apply</code> — exit 1</summary>\n\n````text\nwarming up\nerror: the server has no ```resource```\n````',
    );
    expect(md).toContain('step <code>apply</code> — command not found: kubectl</summary>\n\n_(no stderr)_');
    expect(md).not.toContain('c.yaml');
  });

  it('lists validation problems with file and line', () => {
    const md = validateSummary(
      [{ file: 'intents/notify.yaml', line: 3, col: 5, severity: 'error', message: 'expected <name>' }],
      false,
    );
    expect(md).toContain('## intentops validate — ❌ invalid');
    expect(md).toContain('| `intents/notify.yaml` | 3:5 | error | expected &lt;name&gt; |');
    expect(validateSummary([], true)).toContain('✅ valid');
  });
});
