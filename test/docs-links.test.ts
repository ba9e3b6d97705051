import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenLinks, headingSlugs } from './helpers/markdown-links.js';

const ROOT = join(import.meta.dirname, '..');

const docs = () => [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('documentation links', () => {
  it('every relative link and anchor in README.md and docs/*.md resolves', () => {
    expect(brokenLinks(ROOT, docs())).toEqual([]);
  });

  describe('the checker', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'intentops-links-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('reports a missing file, a missing anchor and an anchor into a file without that heading', () => {
      mkdirSync(join(tmp, 'docs'));
      writeFileSync(
        join(tmp, 'README.md'),
        [
          '# Sample',
          '## What `npm start` shows',
          'See [setup](docs/setup.md), [gone](docs/gone.md), [here](#what-npm-start-shows),',
          '[nowhere](#no-such-heading), [a page heading](docs/setup.md#tokens-and-permissions)',
          'and [a missing one](docs/setup.md#token), [web](https://example.com/x#y), ![pic](docs/pic.png).',
          '```md',
          '[inside a fence](docs/not-checked.md)',
          '```',
          'and `[in code](docs/not-checked.md)`, [pending](docs/later.md#anything).',
        ].join('\n'),
      );
      writeFileSync(join(tmp, 'docs', 'setup.md'), '# Setup\n\n### Tokens and permissions\n');
      expect(brokenLinks(tmp, ['README.md', 'docs/setup.md'], ['docs/later.md'])).toEqual([
        { file: 'README.md', line: 3, target: 'docs/gone.md', reason: 'no file docs/gone.md' },
        {
          file: 'README.md',
          line: 4,
          target: '#no-such-heading',
          reason: 'no heading #no-such-heading in README.md',
        },
        {
          file: 'README.md',
          line: 5,
          target: 'docs/setup.md#token',
          reason: 'no heading #token in docs/setup.md',
        },
        { file: 'README.md', line: 5, target: 'docs/pic.png', reason: 'no file docs/pic.png' },
      ]);
    });

    it("makes GitHub's anchors: punctuation dropped, repeats numbered", () => {
      expect([
        ...headingSlugs(
          '# AI agents: the MCP server\n## Execute: every run\n## Notes\n## Notes\n```\n# no\n```',
        ),
      ]).toEqual(['ai-agents-the-mcp-server', 'execute-every-run', 'notes', 'notes-1']);
    });
  });
});
