import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedactionError } from '../../adapters/redactor.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { Stores } from '../records/stores.js';
import { realPorts } from '../shared/real-ports.js';
import { executePlan } from './execute-plan.js';

const plan: Plan = {
  intent: 'touch',
  risk: 'low',
  params: {},
  prechecks: [],
  steps: [{ name: 'touch', command: ['touch', 'ran'], timeoutMs: 5000, continueOnError: false, env: {} }],
  checks: [],
  indicators: [],
  captures: [],
  rules: [],
  policy: { verdict: 'allow', matched: [], results: [] },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intentops-exec-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('executePlan', () => {
  it('runs nothing and writes nothing when redaction cannot work', async () => {
    const written: unknown[] = [];
    const stores: Stores = {
      writeRecord: async (r) => {
        written.push(r);
        return 'x';
      },
      upsertDraft: async () => ({ fingerprint: 'f', path: 'p', new: true }),
      logAnomalies: async (l) => {
        written.push(...l);
      },
    };
    const broken = Promise.reject(new RedactionError('secret scanner failed its self-check'));
    await expect(
      executePlan(
        {
          plan,
          request: { path: 'intents/requests/r.yaml', commit: null, reason: 'r' },
          cwd: dir,
          toolVersion: 't',
          catalogDigest: 'sha256:0',
          prevDigest: null,
        },
        realPorts(() => {}),
        stores,
        broken,
      ),
    ).rejects.toBeInstanceOf(RedactionError);
    expect(written).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });
});
