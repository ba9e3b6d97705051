import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.js';

describe('lineDiff', () => {
  it('shows a new file as added lines', () => {
    expect(lineDiff('intents/policies/learned.yaml', null, 'policies:\n  - name: x\n')).toBe(
      '--- /dev/null\n+++ b/intents/policies/learned.yaml\n@@ -0,0 +1,2 @@\n+policies:\n+  - name: x',
    );
  });

  it('shows an insertion with two lines of context either side', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'a\nb\nc\nX\nd\ne\n';
    expect(lineDiff('f.yaml', before, after)).toBe(
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -2,4 +2,5 @@\n b\n c\n+X\n d\n e',
    );
  });
});
