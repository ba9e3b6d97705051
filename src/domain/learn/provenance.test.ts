import { describe, expect, it } from 'vitest';
import { isSuggestionCommit, suggestionCommitMessage } from './branch-guard.js';
import { addedLines, isWriter, lineJudge, rejectionLines } from './provenance.js';

describe('provenance', () => {
  it('lines added are a multiset difference: moved lines add nothing, a duplicate adds one', () => {
    expect([...addedLines('a\nb\n', 'b\na\n')]).toEqual([]);
    expect([...addedLines('a\n', 'a\na\nc\n')]).toEqual([
      ['a', 1],
      ['c', 1],
    ]);
    expect([...addedLines(null, 'x\n\n')]).toEqual([['x', 1]]);
  });

  it('judges each copy once, untrusted sources first; the rest takes the default', () => {
    const judge = lineJudge(
      [
        { reason: 'by mallory', added: new Map([['a', 1]]) },
        { reason: null, added: new Map([['b', 1]]) },
      ],
      null,
    );
    expect(['a', 'a', 'b', 'c'].map(judge)).toEqual(['by mallory', null, null, null]);
  });

  it('a writer is author and committer both, emails compared without case', () => {
    const trust = { writers: ['Bot@x'], uncommitted: false };
    const c = { sha: 'abc', authorName: 'b', authorEmail: 'bot@x', committerEmail: 'bot@x' };
    expect(isWriter(trust, c)).toBe(true);
    expect(isWriter(trust, { ...c, committerEmail: 'noreply@github.com' })).toBe(false);
  });

  it('reports group by reason with counts and places', () => {
    expect(
      rejectionLines([
        { kind: 'note', where: 'n:1', reason: 'r' },
        { kind: 'note', where: 'n:2', reason: 'r' },
        { kind: 'record', where: 'e.yaml', reason: 'r' },
      ]),
    ).toEqual(['1 record, 2 manual notes: r (n:1, n:2, e.yaml)']);
  });
});

describe('suggestion commits', () => {
  it('the bot’s carry the trailer; a reviewer’s do not', () => {
    const s = { id: 'anomaly-x', title: 'Add a check\nsecond line' } as Parameters<
      typeof suggestionCommitMessage
    >[0];
    const msg = suggestionCommitMessage(s);
    expect(msg).toBe('learn: Add a check second line\n\nIntentops-Suggestion: anomaly-x');
    expect(isSuggestionCommit(msg, 'anomaly-x')).toBe(true);
    expect(isSuggestionCommit(msg, 'anomaly-y')).toBe(false);
    expect(isSuggestionCommit('learn: Add a check', 'anomaly-x')).toBe(true); // before the trailer
    expect(isSuggestionCommit('Update learned.yaml', 'anomaly-x')).toBe(false);
  });
});
