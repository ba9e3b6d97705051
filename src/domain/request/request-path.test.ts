import { describe, expect, it } from 'vitest';
import { classifyRequestPath, entryOfGitMode, visiblePath } from './request-path.js';

const kind = (path: string, entry?: Parameters<typeof classifyRequestPath>[1]) =>
  classifyRequestPath(path, entry).kind;

const reason = (path: string, entry?: Parameters<typeof classifyRequestPath>[1]) => {
  const r = classifyRequestPath(path, entry);
  return r.kind === 'refused' ? r.reason : `(${r.kind})`;
};

describe('what a request file is', () => {
  it('a lowercase name directly in intents/requests/, ending in .yaml or .yml', () => {
    for (const p of [
      'intents/requests/a.yaml',
      'intents/requests/a.yml',
      'intents/requests/deploy-home-portal-1.4.0.yaml',
      'intents/requests/work-web-20261125-100000.yaml',
      'intents/requests/n1_fix.yaml',
      'intents/requests/9.yaml',
    ])
      expect(kind(p), p).toBe('request');
  });

  it('outside intents/requests/, or a companion file in it, is no request and no problem', () => {
    for (const p of [
      'intents/catalog/a.yaml',
      'intents/requestsx/a.yaml',
      'intents/Requests/a.yaml',
      'executions/2026-01-01/a.yaml',
      'intents/requests/',
      'intents/requests/.gitkeep',
      'intents/requests/.keep',
      'intents/requests/README.md',
      'intents/requests/notes.md',
    ])
      expect(kind(p), p).toBe('not-request');
  });

  it('refuses every other shape, naming the path visibly and what a request file name is', () => {
    const shapes: [string, RegExp][] = [
      ['intents/requests/a.yaml ', /"intents\/requests\/a\.yaml " ends in a space/],
      ['intents/requests/a.yaml\n', /"intents\/requests\/a\.yaml\\n" has a line break or control character/],
      ['intents/requests/a\n.yaml', /"intents\/requests\/a\\n\.yaml" has a line break or control character/],
      ['intents/requests/a\t.yaml', /has a line break or control character/],
      ['intents/requests/ a.yaml', /starts with a space/],
      ['intents/requests/a b.yaml', /has a space/],
      ['intents/requests/A.YAML', /has an uppercase letter/],
      ['intents/requests/a.YAML', /has an uppercase letter/],
      ['intents/requests/A.yaml', /has an uppercase letter/],
      ['intents/requests/sub/a.yaml', /is in a subfolder/],
      ['intents/requests/a.yaml/b', /is in a subfolder/],
      ['intents/requests/-a.yaml', /starts with '-'/],
      ['intents/requests/.a.yaml', /starts with '\.'/],
      ['intents/requests/_a.yaml', /starts with '_'/],
      ['intents/requests/a-.yaml', /ends its name with '-'/],
      // Cyrillic а (U+0430) and a Latin a with a combining mark look like "a.yaml".
      [
        'intents/requests/\u0430.yaml',
        /"intents\/requests\/\\u0430\.yaml" has a non-ASCII character \(U\+0430\)/,
      ],
      ['intents/requests/a\u0301.yaml', /non-ASCII character \(U\+0301\)/],
      ['intents/requests/a\u200b.yaml', /non-ASCII character \(U\+200B\)/],
      ['intents/requests/a.json', /does not end in \.yaml or \.yml/],
      ['intents/requests/a', /does not end in \.yaml or \.yml/],
      ['intents/requests/.yaml', /starts with '\.'/],
      ['intents/requests/a.yaml~', /does not end in \.yaml or \.yml/],
    ];
    for (const [path, why] of shapes) {
      const r = reason(path);
      expect(r, JSON.stringify(path)).toMatch(/^not a request file name: /);
      expect(r, JSON.stringify(path)).toMatch(why);
      expect(r, JSON.stringify(path)).toContain(
        'expected intents/requests/<name>.yaml, <name> of lowercase letters, digits',
      );
    }
  });

  it('refuses a symbolic link or any other non-file entry, whatever its name', () => {
    expect(reason('intents/requests/b.yaml', 'symlink')).toMatch(
      /^not a request file: intents\/requests\/b\.yaml is a symbolic link/,
    );
    expect(reason('intents/requests/.gitkeep', 'symlink')).toMatch(/is a symbolic link/);
    expect(reason('intents/requests/b.yaml', 'other')).toMatch(/is not a regular file/);
    expect(kind('intents/requests/b.yaml', 'file')).toBe('request');
    expect(kind('intents/catalog/b.yaml', 'symlink')).toBe('not-request');
  });

  it("reads git's tree modes", () => {
    expect(entryOfGitMode('100644')).toBe('file');
    expect(entryOfGitMode('100755')).toBe('file');
    expect(entryOfGitMode('120000')).toBe('symlink');
    expect(entryOfGitMode('160000')).toBe('other');
    expect(entryOfGitMode('040000')).toBe('other');
  });

  it('no two paths that differ only by whitespace or case are both requests', () => {
    const names = ['a.yaml', 'a.yaml ', ' a.yaml', 'a.yaml\n', 'A.yaml', 'a.YAML', 'A.YAML', '\u0430.yaml'];
    const requests = names.filter((n) => kind(`intents/requests/${n}`) === 'request');
    expect(requests).toEqual(['a.yaml']);
  });

  it('shows a path as is when it is plain, quoted with escapes when a space ends it or a character hides', () => {
    expect(visiblePath('intents/requests/a.yaml')).toBe('intents/requests/a.yaml');
    expect(visiblePath('intents/requests/a.yaml ')).toBe('"intents/requests/a.yaml "');
    expect(visiblePath(' a.yaml')).toBe('" a.yaml"');
    expect(visiblePath('a b.yaml (proposed)')).toBe('a b.yaml (proposed)');
    expect(visiblePath('a\nb\r\t"\\')).toBe('"a\\nb\\r\\t\\"\\\\"');
    expect(visiblePath('\u0430\u{1f600}')).toBe('"\\u0430\\u{1f600}"');
  });
});
