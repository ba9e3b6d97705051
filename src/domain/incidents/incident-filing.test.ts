import { describe, expect, it } from 'vitest';
import {
  capText,
  filedComment,
  filedDocument,
  filedIssueNumber,
  filedPath,
  filedPathIn,
  filingLabelChanges,
  fingerprintIn,
  isIncidentIssue,
  manualNote,
  missingSectionsComment,
  notedComments,
  noteLine,
  notesIn,
  parseIncidentCommand,
} from './incident-filing.js';

const MARKED = 'body\n<!-- intentops:fingerprint=a5a47726a940a8b1 -->\n';

describe('parseIncidentCommand', () => {
  it('reads the command at the start of the body, whole words only', () => {
    expect(parseIncidentCommand('/file')).toEqual({ kind: 'file' });
    expect(parseIncidentCommand('/FILE now please')).toEqual({ kind: 'file' });
    expect(parseIncidentCommand('/manual-fix  restarted it\nby hand  ')).toEqual({
      kind: 'manual_fix',
      text: 'restarted it\nby hand',
    });
    expect(parseIncidentCommand('/manual-step')).toEqual({ kind: 'manual_step', text: '' });
    expect(parseIncidentCommand('/filed')).toBeNull();
    expect(parseIncidentCommand(' /file')).toBeNull();
    expect(parseIncidentCommand('please /file')).toBeNull();
  });
});

describe('incident issues', () => {
  it('need the marker and a lifecycle label', () => {
    expect(fingerprintIn(MARKED)).toBe('a5a47726a940a8b1');
    expect(fingerprintIn('<!-- intentops:fingerprint=../x -->')).toBeNull();
    expect(isIncidentIssue(MARKED, ['incident-draft'])).toBe(true);
    expect(isIncidentIssue(MARKED, ['Incident-Filed'])).toBe(true);
    expect(isIncidentIssue(MARKED, ['bug'])).toBe(false);
    expect(isIncidentIssue('no marker', ['incident-draft'])).toBe(false);
  });

  it('filing swaps the draft label for the filed one', () => {
    expect(filingLabelChanges(['incident-draft', 'severity:P2', 'incident-filed'])).toEqual({
      remove: ['incident-draft'],
      add: [],
    });
    expect(filingLabelChanges(['incident-draft', 'severity:P2'])).toEqual({
      remove: ['incident-draft'],
      add: ['incident-filed'],
    });
  });
});

describe('filed documents', () => {
  it('paths are slugged, keyed by fingerprint or issue number, and safe', () => {
    expect(filedPath({ number: 7, title: 'Deploy web: unexpected restart' }, 'abc123')).toBe(
      'incidents/filed/abc123-deploy-web-unexpected-restart.md',
    );
    expect(filedPath({ number: 7, title: '../../etc/passwd' }, null)).toBe(
      'incidents/filed/issue-7-etc-passwd.md',
    );
    expect(filedPath({ number: 7, title: 'Déploiement' }, 'f', true)).toBe(
      'incidents/filed/f-deploiement-7.md',
    );
    expect(filedPath({ number: 7, title: '!!!' }, 'f')).toBe('incidents/filed/f-incident.md');
  });

  it('hold the front matter, the body as left and the notes; the issue number reads back', () => {
    const doc = filedDocument({
      issue: {
        number: 12,
        title: 'Deploy web: "quoted"',
        url: 'https://github.com/acme/gitops/issues/12',
        body: `### Root cause\nprobe\n${MARKED}`,
        labels: ['incident-draft', 'severity:P1', 'intent:deploy-app', 'anomaly:unexpected_restart'],
      },
      fingerprint: 'a5a47726a940a8b1',
      notes: [{ kind: 'manual_step', text: 'one\ntwo', by: 'ann', at: '2026-01-02T00:00:00Z' }],
      filedBy: 'ann',
      filedAt: '2026-01-03T00:00:00.000Z',
    });
    expect(doc).toContain('severity: P1\nintent: deploy-app\nanomaly: unexpected_restart\n');
    expect(doc).toContain(
      'labels:\n  - severity:P1\n  - intent:deploy-app\n  - anomaly:unexpected_restart\n  - incident-filed\n',
    );
    expect(doc).toContain('### Root cause\nprobe\n');
    expect(doc).toContain('- **manual step** by ann at 2026-01-02T00:00:00Z:\n  > one\n  > two');
    expect(filedIssueNumber(doc)).toBe(12);
    expect(filedIssueNumber('no front matter')).toBeUndefined();
  });

  it('the "Filed as" comment is found again by its marker', () => {
    expect(filedPathIn(['hi', null, filedComment('incidents/filed/x.md', 'https://e/x')])).toBe(
      'incidents/filed/x.md',
    );
    expect(filedPathIn(['Filed as `incidents/filed/x.md`'])).toBeUndefined();
  });

  it('the refusal names each missing section', () => {
    const text = missingSectionsComment(['Root cause', 'Action items'], true);
    expect(text).toContain('fill in **Root cause**, **Action items**');
    expect(text).toContain('`incident-filed` was removed');
    expect(missingSectionsComment(['Root cause'], false)).not.toContain('removed');
  });
});

describe('manual notes', () => {
  const input = {
    at: '2026-01-02T00:00:00Z',
    issue: 3,
    body: MARKED,
    labels: ['intent:deploy-app'],
    kind: 'manual_fix' as const,
    by: 'ann',
    comment: 99,
  };

  it('are capped at 2,000 code points, never splitting a pair, and flagged', () => {
    const long = manualNote({ ...input, text: '😀'.repeat(2001) });
    expect(Array.from(long.text)).toHaveLength(2000);
    expect(long.truncated).toBe(true);
    expect(capText('short')).toEqual({ text: 'short', truncated: false });
    expect(manualNote({ ...input, text: 'ok' })).toEqual({
      at: input.at,
      issue: 3,
      fingerprint: 'a5a47726a940a8b1',
      intent: 'deploy-app',
      kind: 'manual_fix',
      text: 'ok',
      by: 'ann',
      comment: 99,
    });
  });

  it('are read from trusted comments for the filed document', () => {
    const c = (body: string, author_association: string) => ({
      body,
      author_association,
      user: { login: 'ann' },
      created_at: 't',
    });
    expect(
      notesIn([
        c('/manual-fix a', 'COLLABORATOR'),
        c('/manual-fix b', 'NONE'),
        c('/file', 'OWNER'),
        c('/manual-step', 'OWNER'),
        c('/manual-step c', 'member'),
      ]),
    ).toEqual([
      { kind: 'manual_fix', text: 'a', by: 'ann', at: 't' },
      { kind: 'manual_step', text: 'c', by: 'ann', at: 't' },
    ]);
  });

  it('are one JSON line each, read back by comment id; foreign lines are skipped', () => {
    const line = noteLine(manualNote({ ...input, text: 'a\n"b"\n$(x)' }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(line).text).toBe('a\n"b"\n$(x)');
    expect([...notedComments(`${line}not json\n{"comment":"7"}\n`)]).toEqual([99]);
  });
});
