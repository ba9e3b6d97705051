import { describe, expect, it } from 'vitest';
import { routeIncidentEvent } from './incident-event.js';

const body = 'draft\n<!-- intentops:fingerprint=a5a47726a940a8b1 -->';
const issue = { number: 5, body, labels: [{ name: 'incident-draft' }, { name: 'intent:deploy-app' }] };
const base = { issue, sender: { login: 'ann' }, repository: { default_branch: 'trunk' } };
const comment = (text: string, association = 'MEMBER') => ({
  ...base,
  action: 'created',
  comment: {
    id: 77,
    body: text,
    user: { login: 'ann' },
    created_at: '2026-01-01T00:00:00Z',
    author_association: association,
  },
});

describe('routeIncidentEvent', () => {
  it('files on the label incident-filed or a /file comment, on the default branch', () => {
    expect(
      routeIncidentEvent('issues', { ...base, action: 'labeled', label: { name: 'incident-filed' } }),
    ).toEqual({
      kind: 'file',
      issue: 5,
      by: 'ann',
      branch: 'trunk',
    });
    expect(routeIncidentEvent('issue_comment', comment('/file'))).toMatchObject({ kind: 'file', issue: 5 });
  });

  it('answers an issue a person opens with the label incident, or labels so, with the context', () => {
    const byHand = { number: 8, body: 'shop is down', labels: [{ name: 'incident' }] };
    expect(routeIncidentEvent('issues', { ...base, issue: byHand, action: 'opened' })).toEqual({
      kind: 'context',
      issue: 8,
    });
    const later = { ...byHand, labels: [{ name: 'Incident' }] };
    expect(
      routeIncidentEvent('issues', { ...base, issue: later, action: 'labeled', label: { name: 'Incident' } }),
    ).toEqual({ kind: 'context', issue: 8 });
    // Opened without it, labelled otherwise, a pull request, or the bot's own draft: not this.
    const plain = { number: 9, body: 'a question', labels: [] };
    expect(routeIncidentEvent('issues', { ...base, issue: plain, action: 'opened' }).kind).toBe('ignore');
    expect(
      routeIncidentEvent('issues', { ...base, issue: byHand, action: 'labeled', label: { name: 'bug' } })
        .kind,
    ).toBe('ignore');
    const pr = { ...byHand, pull_request: {} };
    expect(routeIncidentEvent('issues', { ...base, issue: pr, action: 'opened' }).kind).toBe('ignore');
    const ours = { ...issue, labels: [{ name: 'incident' }] };
    expect(routeIncidentEvent('issues', { ...base, issue: ours, action: 'opened' })).toMatchObject({
      kind: 'ignore',
      reason: "#5 is the bot's own incident issue",
    });
  });

  it('records the closing of an incident issue; other closed issues are not its business', () => {
    const closed = { ...issue, closed_at: '2026-01-02T03:04:05Z' };
    expect(routeIncidentEvent('issues', { ...base, issue: closed, action: 'closed' })).toEqual({
      kind: 'close',
      issue: 5,
      fingerprint: 'a5a47726a940a8b1',
      at: '2026-01-02T03:04:05Z',
      by: 'ann',
      branch: 'trunk',
    });
    const plain = { number: 6, body: 'a bug', labels: [], closed_at: '2026-01-02T03:04:05Z' };
    expect(routeIncidentEvent('issues', { ...base, issue: plain, action: 'closed' }).kind).toBe('ignore');
  });

  it('passes manual notes on as data', () => {
    expect(routeIncidentEvent('issue_comment', comment('/manual-step $(id)\n`x`'))).toEqual({
      kind: 'note',
      issue: { number: 5, body, labels: ['incident-draft', 'intent:deploy-app'] },
      comment: { id: 77, at: '2026-01-01T00:00:00Z', by: 'ann' },
      note: 'manual_step',
      text: '$(id)\n`x`',
      branch: 'trunk',
    });
  });

  it.each([
    ['issues', { ...base, action: 'labeled', label: { name: 'bug' } }, 'only the label incident-filed'],
    ['issues', { ...base, action: 'unlabeled', label: { name: 'incident-filed' } }, 'issues.unlabeled'],
    [
      'issues',
      { ...base, issue: { ...issue, body: 'x' }, action: 'labeled', label: { name: 'incident-filed' } },
      'not an intentops incident',
    ],
    [
      'issue_comment',
      { ...comment('/file'), issue: { ...issue, pull_request: {} } },
      'not an intentops incident',
    ],
    ['issue_comment', { ...comment('/file'), action: 'edited' }, 'only new comments'],
    ['issue_comment', comment('looks good'), 'is not a command'],
    ['issue_comment', comment('/file', 'NONE'), 'owners, members and collaborators only'],
    ['issue_comment', { action: 'created' }, 'not an issue_comment event payload'],
    ['push', {}, 'handles issues and issue_comment'],
  ])('ignores %s %#', (name, payload, reason) => {
    const r = routeIncidentEvent(name, payload);
    expect(r.kind).toBe('ignore');
    expect(r.kind === 'ignore' && r.reason).toContain(reason);
  });
});
