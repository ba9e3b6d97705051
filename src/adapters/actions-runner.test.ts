import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as actionsCore from '@actions/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import * as runner from './actions-runner.js';

// The runner reads what the action writes: the same calls through @actions/core and through
// actions-runner.ts leave the same bytes on stdout, in $GITHUB_OUTPUT and in $GITHUB_STEP_SUMMARY
// (but for the random heredoc delimiter of each output).

const tmp = mkdtempSync(join(tmpdir(), 'intentops-runner-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

type Api = Pick<
  typeof runner,
  'info' | 'warning' | 'error' | 'setFailed' | 'setSecret' | 'setOutput' | 'startGroup' | 'endGroup' | 'group'
> & { summary: { addRaw(t: string, eol?: boolean): unknown; emptyBuffer(): unknown } };

/** Every call the action makes, with the values that need escaping. */
async function script(api: Api, summary: () => Promise<unknown>, overwrite: () => Promise<unknown>) {
  api.info('plain line, 100% as is: a,b');
  api.warning('two\nlines, 50%\r', {
    file: 'intents/requests/a b.yaml',
    startLine: 4,
    startColumn: 1,
    title: 'intentops',
  });
  api.error('at a line', { file: 'intents/x:y,z.yaml', startLine: 2 });
  api.error(new Error('an Error, as itself'));
  api.warning('no properties', {});
  api.setSecret('ghs_secret\nsecond line');
  api.setOutput('status', 'valid');
  api.setOutput('execution-ids', 'a\nb');
  api.setOutput('count', 3);
  api.setOutput('object', { a: [1, '%'] });
  api.setOutput('nothing', undefined);
  api.startGroup('a group: with, punctuation');
  api.endGroup();
  expect(await api.group('grouped', async () => 42)).toBe(42);
  api.summary.addRaw('## heading', true);
  api.summary.addRaw('| a | b |');
  await summary();
  api.summary.addRaw('kept once', true);
  await overwrite();
  api.setFailed('the step failed: 1 problem(s)\nnext');
}

/** What `run` leaves: stdout, the outputs file (delimiters made one), the summary file, the exit code. */
async function capture(name: string, run: () => Promise<void>) {
  const output = join(tmp, `output-${name}`);
  const summary = join(tmp, `summary-${name}`);
  writeFileSync(output, '');
  writeFileSync(summary, 'before\n');
  vi.stubEnv('GITHUB_OUTPUT', output);
  vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  const code = process.exitCode;
  process.exitCode = undefined;
  return {
    stdout,
    outputs: readFileSync(output, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM'),
    summary: readFileSync(summary, 'utf8'),
    code,
  };
}

describe('actions-runner: the runner protocol as @actions/core writes it', () => {
  it('writes the same commands, outputs and summary', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    await runner.useRunner(); // on a runner: nothing of @actions/core is loaded
    const ours = await capture('ours', () =>
      script(
        runner,
        () => runner.summary.write(),
        () => runner.summary.write({ overwrite: true }),
      ),
    );
    const theirs = await capture('theirs', () =>
      script(
        actionsCore,
        () => actionsCore.summary.write(),
        () => actionsCore.summary.write({ overwrite: true }),
      ),
    );
    expect(ours).toEqual(theirs);
    // Not vacuous: the script left something in each place, escaped.
    expect(ours.stdout).toContain(
      '::warning title=intentops,file=intents/requests/a b.yaml,line=4,col=1::two%0Alines, 50%25%0D',
    );
    expect(ours.stdout).toContain('::error file=intents/x%3Ay%2Cz.yaml,line=2::at a line');
    expect(ours.stdout).toContain('::add-mask::ghs_secret%0Asecond line');
    expect(ours.outputs).toContain('execution-ids<<DELIM\na\nb\nDELIM\n');
    expect(ours.summary).toBe('kept once\n');
    expect(ours.code).toBe(1);
  });

  it('fails a summary write without $GITHUB_STEP_SUMMARY, as @actions/core does (writeSummary logs why)', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    await expect(runner.summary.addRaw('x').write()).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY',
    );
    runner.summary.emptyBuffer();
  });
});
