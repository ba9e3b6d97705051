import { describe, expect, it } from 'vitest';
import { parseProposalBranch, proposalBranch, proposalKey } from './proposal-key.js';

describe('proposal keys and branches', () => {
  it('the key ignores param order and depends on intent, every param value and the proposer', () => {
    const key = proposalKey('work', { app: 'web', mem: 10 }, 'ops-agent');
    expect(proposalKey('work', { mem: 10, app: 'web' }, 'ops-agent')).toBe(key);
    expect(proposalKey('work', { app: 'web', mem: 11 }, 'ops-agent')).not.toBe(key);
    expect(proposalKey('work', { app: 'web', mem: '10' }, 'ops-agent')).not.toBe(key);
    expect(proposalKey('work', { app: 'web', mem: 10 }, 'other')).not.toBe(key);
    expect(proposalKey('work', { app: 'web', mem: 10 }, undefined)).not.toBe(key);
    expect(proposalKey('play', { app: 'web', mem: 10 }, 'ops-agent')).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{12}$/);
  });

  it('a branch reads back as the request path and key it was made from; other branches do not', () => {
    const path = 'intents/requests/work-web-20261125-100000.yaml';
    const branch = proposalBranch(path, '0123456789ab');
    expect(branch).toBe('intentops/propose/work-web-20261125-100000-0123456789ab');
    expect(parseProposalBranch(branch)).toEqual({ path, key: '0123456789ab' });
    expect(parseProposalBranch('intentops/propose/work-web-20261125-100000')).toBeUndefined();
    expect(parseProposalBranch('feature/work-web-0123456789ab')).toBeUndefined();
  });
});
