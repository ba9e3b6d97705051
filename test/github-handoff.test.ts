import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';

// The plan asks its GitHub reads, then parses the repository, which holds the event loop. A request
// still in the throttling plugin's queue (it moves on timers) would leave only after the parsing:
// `handedOff` resolves once every request asked so far has been handed to fetch. What decides here
// is how many were handed over, never a duration.

let double: GitHubDouble;
const repo = { owner: 'acme', repo: 'gitops' };

beforeAll(async () => {
  double = await startGitHubDouble({ latencyMs: 100 });
});
afterAll(async () => {
  await double.stop();
  vi.restoreAllMocks();
});

describe('the GitHub port: handedOff', () => {
  it('resolves only once every request asked so far is handed to fetch', async () => {
    const port = githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const before = fetchSpy.mock.calls.length;
    const reads = [
      port.labels.list(repo)[Symbol.asyncIterator]().next(),
      port.comments.list(repo, 1)[Symbol.asyncIterator]().next(),
      port.issues.listPage(repo, { labels: 'incident-draft', state: 'open' }, 1),
    ];
    let answered = 0;
    for (const r of reads)
      r.then(
        () => answered++,
        () => answered++,
      );
    // Asked, not yet sent: they wait in the plugin's queue.
    expect(fetchSpy.mock.calls.length - before).toBe(0);
    await port.handedOff();
    expect(fetchSpy.mock.calls.length - before).toBe(3);
    // And they were not waited for: none has had its answer (the double answers 100 ms later).
    expect(answered).toBe(0);
    await Promise.allSettled(reads);
    expect(answered).toBe(3);
    fetchSpy.mockRestore();
  });

  it('resolves at once when nothing was asked', async () => {
    const port = githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));
    await expect(port.handedOff()).resolves.toBeUndefined();
  });

  it('does not wait for a write the pacing holds back (GitHub asks ≥ 1 s between writes)', async () => {
    const port = githubPort(createOctokit({ token: 't', baseUrl: double.url }));
    await port.labels.create(repo, { name: 'first', color: 'ededed', description: 'paced' });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const before = fetchSpy.mock.calls.length;
    const second = port.labels.create(repo, { name: 'second', color: 'ededed', description: 'paced' });
    second.catch(() => undefined);
    await port.handedOff();
    // Resolved while the second write still waits its turn: nothing of it was sent yet.
    expect(fetchSpy.mock.calls.length - before).toBe(0);
    await second;
    expect(fetchSpy.mock.calls.length - before).toBe(1);
    fetchSpy.mockRestore();
  });
});
