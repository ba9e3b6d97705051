import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseFiles, request } from '../../../test/helpers/fixture-catalog.js';
import { makeRepo, removeRepo } from '../../../test/helpers/repo.js';
import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { loadRepo } from '../shared/load-repo.js';
import { planRequests } from './plan-requests.js';

// The one plan assembly: what the pull request's check comments and what `intentops plan` prints.
let dir = '';
beforeAll(async () => {
  dir = await makeRepo({
    ...baseFiles(),
    'intents/requests/good.yaml': request({ app: 'web', mem: 20 }),
    'intents/requests/bad-app.yaml': request({ app: 'Web App' }),
    'intents/requests/broken.yaml': 'intent: [work\n',
  });
});
afterAll(() => removeRepo(dir));

const PATHS = [
  'intents/catalog/work.yaml',
  'intents/requests/good.yaml',
  'intents/requests/bad-app.yaml',
  'intents/requests/broken.yaml',
];

describe('planRequests', () => {
  it("plans each request among the paths with the caller's facts; other files are not requests", async () => {
    const { catalog } = await loadRepo(dir, PATHS);
    const planned = planRequests(catalog, PATHS, {
      now: new Date('2026-12-01T10:00:00Z'),
      approvals: null,
      history: [],
    });
    expect(planned.map((r) => r.path)).toEqual(PATHS.slice(1));
    const [good, bad] = planned;
    expect(good?.plan?.intent).toBe('work');
    expect(good?.plan?.params).toMatchObject({ app: 'web', mem: 20 });
    expect(good?.diagnostics).toEqual([]);
    expect(bad?.plan).toBeUndefined();
    expect(bad?.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /param 'app' value "Web App" does not match/,
    );
  });

  it('a request the catalog could not read keeps the findings validate made about it', async () => {
    const { catalog } = await loadRepo(dir, PATHS);
    const known: Diagnostic[] = [
      { file: 'intents/requests/broken.yaml', line: 1, severity: 'error', message: 'not YAML' },
      { file: 'intents/requests/good.yaml', line: 1, severity: 'warning', message: 'elsewhere' },
    ];
    const broken = planRequests(catalog, PATHS, { now: new Date(), approvals: null, history: [] }, known).at(
      -1,
    );
    expect(broken).toEqual({ path: 'intents/requests/broken.yaml', diagnostics: [known[0]] });
  });
});
