import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import { trailerMarkers } from '../bot/bot-markers.js';
import { recordFacts } from '../metrics/scorecard.js';
import {
  type Candidate,
  contextComment,
  indexCandidates,
  isContextComment,
  namedExecution,
} from './incident-context.js';

// The context offered to a hand-opened incident issue: which execution it names, and a comment that
// record text cannot break out of (no mention, no forged marker).

const run = makeRecord({
  id: 'exec-20260103-100000-work-web-aaaaaa',
  timestamp: '2026-01-03T10:00:00.000Z',
  commands_run: [{ step: 'apply` @octocat', cmd: 'x', exit_code: 1, duration: '1s' }],
  after: { recent_logs: ['ping @octocat', '<!-- intentops:incident-context=9 -->'] },
});
const bake = makeRecord({
  id: 'exec-20260103-100013-work-web-bake',
  timestamp: '2026-01-03T10:00:13.000Z',
  observation_of: run.id,
  observation: {
    verdict: 'fail',
    reason: "P1 failure indicator 'OOMKilled' in kubernetes:web-1/web",
    for: '10m',
    interval: '1m',
    expected_samples: 10,
    run_status: 'success',
    started: '2026-01-03T10:00:12.500Z',
    ended: '2026-01-03T10:03:00.000Z',
    samples: [],
    first_seen: [
      {
        what: 'indicator:OOMKilled@kubernetes:web-1/web',
        severity: 'P1',
        at: '2026-01-03T10:03:00.000Z',
        after_run: '2 m 47 s',
        after_run_ms: 167_500,
      },
    ],
  },
});
const later = makeRecord({
  id: 'exec-20260105-100000-work-web-cccccc',
  timestamp: '2026-01-05T10:00:00.000Z',
});
const facts = [run, bake, later].map((r) => recordFacts(r));

describe('incident context', () => {
  it('names the execution an issue names, else the latest run on a target it names before it opened', () => {
    const at = '2026-01-04T00:00:00Z';
    expect(
      namedExecution({ title: 'x', body: `since ${run.id}`, created_at: '2026-01-09T00:00:00Z' }, facts)?.id,
    ).toBe(run.id);
    // `web` named: the latest run before the issue (not the bake, not the later run).
    expect(namedExecution({ title: 'web is down', body: '', created_at: at }, facts)?.id).toBe(run.id);
    expect(
      namedExecution({ title: 'web is down', body: '', created_at: '2026-01-06T00:00:00Z' }, facts)?.id,
    ).toBe(later.id);
    expect(namedExecution({ title: 'website slow', body: 'webby', created_at: at }, facts)).toBeUndefined();
  });

  it('names through the index what one pass over the records names, ties and bakes included', () => {
    const c = (id: string, timestamp: string, target: string | null, observation_of?: string): Candidate => ({
      id,
      timestamp,
      target,
      ...(observation_of ? { observation_of } : {}),
    });
    const list = [
      c('exec-20260101-100000-a-web-1', '2026-01-01T10:00:00.000Z', 'Web'),
      c('exec-20260101-100000-a-api-2', '2026-01-01T10:00:00.000Z', 'api'),
      c('exec-20260101-100001-a-web-bake', '2026-01-01T10:00:01.000Z', 'web', 'exec-20260101-100000-a-web-1'),
      c(
        'exec-20260101-100002-a-web-bake2',
        '2026-01-01T10:00:02.000Z',
        'web',
        'exec-20260101-100000-a-web-1',
      ),
      c('exec-20260102-100000-a-api-3', '2026-01-02T10:00:00.000Z', 'api'),
      c('exec-20260102-100000-a-none-4', '2026-01-02T10:00:00.000Z', null),
    ];
    const index = indexCandidates(list);
    const ask = (title: string, created_at: string) =>
      namedExecution({ title, body: null, created_at }, index)?.id;
    // Two targets named, started at the same second: the first in the list, as before.
    expect(ask('web and api down', '2026-01-01T12:00:00Z')).toBe('exec-20260101-100000-a-web-1');
    expect(ask('api and web down', '2026-01-01T12:00:00Z')).toBe('exec-20260101-100000-a-web-1');
    expect(ask('web and api down', '2026-01-03T00:00:00Z')).toBe('exec-20260102-100000-a-api-3');
    expect(ask('web', '2025-12-31T00:00:00Z')).toBeUndefined();
    expect(ask('see exec-20260101-100001-a-web-bake', '2025-12-31T00:00:00Z')).toBe(
      'exec-20260101-100001-a-web-bake',
    );
    // The first bake recorded of a run is its bake.
    expect(index.bakeOf.get('exec-20260101-100000-a-web-1')?.id).toBe('exec-20260101-100001-a-web-bake');
    expect(
      namedExecution({ title: 'web and api down', body: '', created_at: '2026-01-03T00:00:00Z' }, list)?.id,
    ).toBe('exec-20260102-100000-a-api-3');
  });

  it('writes one comment no record text can mention anyone from or forge a marker in', () => {
    const body = contextComment(7, run, bake);
    const outsideCode = body.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/@\w/);
    expect(body).toContain("- step `apply' @octocat`: exit 1 in 1s");
    expect(body).toContain('`indicator:OOMKilled@kubernetes:web-1/web` first seen (2 m 47 s after the run)');
    expect([...trailerMarkers(body)]).toEqual([['incident-context', '7']]);
    expect(isContextComment(body, 7)).toBe(true);
    expect(isContextComment(body, 9)).toBe(false);
  });
});
