import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sealRecord } from '../domain/records/record.js';
import type { UnsignedRecord } from '../domain/schemas/record.js';
import { RecordExistsError, RecordStore } from './record-store.js';

function record(id: string, timestamp: string, prev: string | null): UnsignedRecord {
  return {
    id,
    timestamp,
    intent: 'x',
    params: {},
    request: { path: 'intents/requests/r.yaml', commit: null, reason: 'r' },
    before: null,
    commands_run: [],
    after: null,
    outcome_checks: {},
    checks: [],
    failure_indicators: [],
    anomalies: [],
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: 'success',
    duration: '0s',
    tool: { name: 'intentops', version: 't' },
    catalog_digest: 'sha256:0',
    prev_digest: prev,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intentops-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RecordStore', () => {
  it('writes dated YAML with the seed keys first and never rewrites a record', async () => {
    const store = new RecordStore(dir);
    const a = sealRecord(record('exec-20260101-000000-x-aaaaaa', '2026-01-01T00:00:00.000Z', null));
    const path = await store.write(a);
    expect(path).toBe('executions/2026-01-01/exec-20260101-000000-x-aaaaaa.yaml');
    const text = await readFile(join(dir, path), 'utf8');
    expect(text.split('\n').slice(1, 4)).toEqual([
      'id: exec-20260101-000000-x-aaaaaa',
      'timestamp: 2026-01-01T00:00:00.000Z',
      'intent: x',
    ]);
    expect(parse(text)).toEqual(a);
    await expect(store.write({ ...a, status: 'failed' })).rejects.toBeInstanceOf(RecordExistsError);
    expect(parse(await readFile(join(dir, path), 'utf8')).status).toBe('success');
    // No temp file left behind; the record's fact index line, and none for the refused rewrite.
    expect((await readdir(join(dir, 'executions/2026-01-01'))).sort()).toEqual([
      'exec-20260101-000000-x-aaaaaa.yaml',
      'fact-index.jsonl',
    ]);
    const index = await readFile(join(dir, 'executions/2026-01-01/fact-index.jsonl'), 'utf8');
    expect(
      index
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).path),
    ).toEqual([path]);
  });

  it('names the newest record as the chain head, across days', async () => {
    const store = new RecordStore(dir);
    expect(await store.latestDigest()).toBeNull();
    const a = sealRecord(record('exec-20260101-235959-x-aaaaaa', '2026-01-01T23:59:59.000Z', null));
    const b = sealRecord(record('exec-20260102-000001-x-bbbbbb', '2026-01-02T00:00:01.000Z', a.digest));
    await store.write(b);
    await store.write(a);
    expect(await store.list()).toEqual([
      'executions/2026-01-01/exec-20260101-235959-x-aaaaaa.yaml',
      'executions/2026-01-02/exec-20260102-000001-x-bbbbbb.yaml',
    ]);
    expect(await store.latestDigest()).toBe(b.digest);
  });
});
