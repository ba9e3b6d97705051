import { describe, expect, it } from 'vitest';
import { canWrite, countApprovals, describeApprovals, isBotUser, type ReviewLike } from './approvals.js';

const HEAD = 'h'.repeat(40);
const OLD = 'o'.repeat(40);
let t = 0;
const review = (login: string, state: string, commit = HEAD, type = 'User'): ReviewLike => {
  t += 1;
  return {
    user: { login, type },
    state,
    commit_id: commit,
    submitted_at: new Date(Date.UTC(2025, 0, 1, 0, 0, t)).toISOString(),
  };
};
const count = (reviews: ReviewLike[], author = 'proposer') =>
  countApprovals(reviews, { author, headSha: HEAD });

describe('countApprovals', () => {
  it('counts distinct approvers of the head commit', () => {
    const a = count([review('alice', 'APPROVED'), review('bob', 'APPROVED'), review('alice', 'APPROVED')]);
    expect(a).toEqual({ count: 2, approvers: ['alice', 'bob'], ignored: [] });
  });

  it("takes each reviewer's latest decisive review: a later change request cancels, a later approval restores", () => {
    const a = count([
      review('alice', 'APPROVED'),
      review('alice', 'CHANGES_REQUESTED'),
      review('bob', 'CHANGES_REQUESTED'),
      review('bob', 'APPROVED'),
    ]);
    expect(a.approvers).toEqual(['bob']);
    expect(a.ignored).toEqual([{ login: 'alice', why: 'requested changes' }]);
  });

  it('a comment after an approval keeps the approval; a comment alone counts nothing', () => {
    const a = count([
      review('alice', 'APPROVED'),
      review('alice', 'COMMENTED'),
      review('carol', 'COMMENTED'),
    ]);
    expect(a.approvers).toEqual(['alice']);
    expect(a.ignored).toEqual([{ login: 'carol', why: 'only commented' }]);
  });

  it('a dismissed review does not count', () => {
    const a = count([review('alice', 'DISMISSED'), review('bob', 'APPROVED'), review('bob', 'DISMISSED')]);
    expect(a.count).toBe(0);
    expect(a.ignored.map((i) => i.why)).toEqual(['review dismissed', 'review dismissed']);
  });

  it("excludes the PR author's own approval, case-insensitively", () => {
    const a = count([review('Proposer', 'APPROVED'), review('alice', 'APPROVED')]);
    expect(a.approvers).toEqual(['alice']);
    expect(a.ignored).toEqual([{ login: 'Proposer', why: 'the PR author' }]);
  });

  it('excludes bots by type and by a [bot] login', () => {
    const a = count([
      review('renovate', 'APPROVED', HEAD, 'Bot'),
      review('helper[bot]', 'APPROVED'),
      review('alice', 'APPROVED'),
    ]);
    expect(a.approvers).toEqual(['alice']);
    expect(a.ignored.map((i) => `${i.login}:${i.why}`)).toEqual(['renovate:a bot', 'helper[bot]:a bot']);
    expect(isBotUser({ login: 'human' })).toBe(false);
  });

  it('an approval of an earlier commit is stale after new pushes', () => {
    const a = count([review('alice', 'APPROVED', OLD), review('bob', 'APPROVED')]);
    expect(a.approvers).toEqual(['bob']);
    expect(a.ignored).toEqual([
      { login: 'alice', why: 'approved an earlier commit ooooooo (stale after new pushes)' },
    ]);
    // re-approving the new head counts again
    expect(count([review('alice', 'APPROVED', OLD), review('alice', 'APPROVED')]).count).toBe(1);
  });

  it('orders by submission time, not list order; ignores reviews of deleted users and pending ones', () => {
    const approved = review('alice', 'APPROVED');
    const changes = review('alice', 'CHANGES_REQUESTED');
    expect(count([changes, approved]).count).toBe(0);
    const ghost: ReviewLike = { user: null, state: 'APPROVED', commit_id: HEAD };
    expect(count([ghost, review('bob', 'PENDING')])).toEqual({
      count: 0,
      approvers: [],
      ignored: [{ login: 'bob', why: 'only commented' }],
    });
  });

  it('honours a custom bot predicate and describes the result', () => {
    const a = countApprovals([review('deploy-agent', 'APPROVED'), review('alice', 'APPROVED', OLD)], {
      author: 'x',
      headSha: HEAD,
      isBot: (u) => u.login.endsWith('-agent'),
    });
    expect(a.count).toBe(0);
    expect(describeApprovals(a)).toBe(
      'no counted approvals; not counted: deploy-agent (a bot), alice (approved an earlier commit ooooooo (stale after new pushes))',
    );
  });
});

describe('write access', () => {
  it('an approval from a reviewer without write access does not count; the role is named', () => {
    const roles: Record<string, string> = { alice: 'write', eve: 'read', tri: 'triage' };
    const a = countApprovals(
      [review('alice', 'APPROVED'), review('eve', 'APPROVED'), review('tri', 'APPROVED')],
      {
        author: 'proposer',
        headSha: HEAD,
        access: (login) => ({ write: roles[login] === 'write', role: roles[login] ?? 'none' }),
      },
    );
    expect(a.approvers).toEqual(['alice']);
    expect(a.ignored).toEqual([
      { login: 'eve', why: 'no write access (read)' },
      { login: 'tri', why: 'no write access (triage)' },
    ]);
  });

  it('admin, maintain and write (and custom roles based on write) may approve; triage, read, none may not', () => {
    expect(canWrite({ permission: 'admin', role_name: 'admin' })).toBe(true);
    expect(canWrite({ permission: 'write', role_name: 'maintain' })).toBe(true);
    expect(canWrite({ permission: 'write', role_name: 'write' })).toBe(true);
    expect(canWrite({ permission: 'write', role_name: 'release-manager' })).toBe(true);
    expect(canWrite({ permission: 'read', role_name: 'triage' })).toBe(false);
    expect(canWrite({ permission: 'read', role_name: 'read' })).toBe(false);
    expect(canWrite({ permission: 'none', role_name: null })).toBe(false);
  });
});
