import { describe, expect, it } from 'vitest';
import { isBotOwned, judgeBotOwned } from './bot-owned.js';

describe('isBotOwned', () => {
  it('executions/ at any depth, incidents/*.jsonl at the top only, the ledger', () => {
    for (const p of [
      'executions/2026-01-01/a.yaml',
      'executions/rollups/2026-W01.yaml',
      'executions/x\ny.yaml',
      'incidents/anomaly-log.jsonl',
      'incidents/manual-notes.jsonl',
      'incidents/notify-log.jsonl',
      'incidents/.hidden.jsonl',
      'learning/ledger.yaml',
    ]) {
      expect(isBotOwned(p), p).toBe(true);
    }
    for (const p of [
      'executions.md',
      'intents/requests/a.yaml',
      'incidents/filed/INC-1.md',
      'incidents/drafts/x.jsonl',
      'incidents/manual-notes.jsonl.bak',
      'learning/other.yaml',
      'src/executions/a.ts',
    ]) {
      expect(isBotOwned(p), p).toBe(false);
    }
  });

  it("logins compare as GitHub's do: case-insensitively", () => {
    const changes = [{ path: 'executions/a.yaml', status: 'A' }];
    expect(judgeBotOwned(changes, { author: 'GitHub-Actions[bot]', bots: [] }).ok).toBe(true);
    expect(judgeBotOwned(changes, { author: '', bots: [] }).why).toContain('an unknown author');
  });
});
