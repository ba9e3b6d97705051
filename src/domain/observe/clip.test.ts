import { describe, expect, it } from 'vitest';
import { boundText, clipBytes, clipText, withoutCutWord } from './clip.js';

describe('boundText: bounding text before it is redacted', () => {
  it('keeps short text, and cuts long text before the word the cut goes through', () => {
    expect(boundText('a short line', 100)).toBe('a short line');
    expect(boundText('alpha beta ghp_secretpart', 15)).toBe('alpha beta');
    expect(boundText('alpha beta gamma', 10)).toBe('alpha beta');
    expect(boundText('key="s3cr3t-value-here"', 12)).toBe('key=');
  });

  it('keeps a start without any delimiter: a word that long is no secret cut in half', () => {
    expect(boundText('y'.repeat(50), 10)).toBe('y'.repeat(10));
  });

  it('withoutCutWord drops what follows the last delimiter', () => {
    expect(withoutCutWord('one two thr')).toBe('one two');
    expect(withoutCutWord('nodelimiter')).toBe('nodelimiter');
  });
});

describe('clipText / clipBytes: cutting redacted text', () => {
  it('marks a cut with …', () => {
    expect(clipText('abcdef', 10)).toBe('abcdef');
    expect(clipText('abcdefghijkl', 10)).toBe('abcdefghi…');
    expect(clipBytes('é'.repeat(10), 9)).toBe('ééé…');
  });
});
