import { describe, expect, it } from 'vitest';
import type { PreviewOutput } from '../app/plan/previews.js';
import { PREVIEW_MARKER, renderPreviewComment } from './preview-comment.js';

// GitHub refuses a comment over 65,536 characters: previews are folded, each cut at a line, whole
// requests left out past the limit, and the note links the job summary, which has everything.

const diffOf = (n: number) =>
  ['--- Deployment shop/web (live)', '+++ Deployment shop/web (after apply)', '@@ -1,1 +1,1 @@']
    .concat(Array.from({ length: n }, (_, i) => `+  line ${i}: ${'x'.repeat(60)}`))
    .join('\n');

const big = (requests: number, lines: number) => ({
  ran: true as const,
  cluster: 'the kubeconfig input, context observe',
  sha: 'abcdef1234567',
  runUrl: 'https://github.com/acme/gitops/actions/runs/7',
  byPath: Object.fromEntries(
    Array.from({ length: requests }, (_, i): [string, PreviewOutput[]] => [
      `intents/requests/web-${i}.yaml`,
      [
        {
          title: "dry-run of step 'apply' (kubectl apply -k apps/web)",
          kind: 'dry-run',
          text: diffOf(lines),
        },
        { title: "preview '@team <b>x</b>'", kind: 'command', text: 'ok', problem: 'exit code 1' },
      ],
    ]),
  ),
});

describe('renderPreviewComment', () => {
  it('stays under GitHub limit with ten long previews, cut at a line, linking the job summary', () => {
    const body = renderPreviewComment(big(10, 5_000));
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(
      /… \d+ more line\(s\): the whole output is in the \[job summary\]\(https:\/\/github\.com\/acme\/gitops\/actions\/runs\/7\)\./,
    );
    expect(body).toContain('> The previews of');
    expect(body.trimEnd().endsWith(PREVIEW_MARKER)).toBe(true);
    // Balanced: every fold opened is closed, every fence too.
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('the job summary has every line', () => {
    const all = renderPreviewComment(big(10, 1_000), true);
    expect(all).toContain('line 999:');
    expect(all).toContain('intents/requests/web-9.yaml');
    expect(all).not.toContain('more line(s)');
    // Past 1 MiB the summary too leaves requests out, and names the run's log.
    const huge = renderPreviewComment(big(20, 15_000), true);
    expect(huge.length).toBeLessThan(1_000_000);
    expect(huge).toContain('all are in this run\'s log (the group "intentops: the whole previews")');
  });

  it('escapes titles outside code: no HTML, no mention', () => {
    const body = renderPreviewComment(big(1, 3));
    expect(body).toContain("<summary>preview '&#64;team &lt;b&gt;x&lt;/b&gt;' — exit code 1</summary>");
    expect(body).not.toContain('@team');
  });

  it('says why there is no preview', () => {
    expect(
      renderPreviewComment({ ran: false, why: 'A pull request from a fork gets no live preview.', sha: 'a' }),
    ).toBe(
      `## intentops preview — not made\n\nA pull request from a fork gets no live preview.\n\nThe plan comment still shows what would run.\n${PREVIEW_MARKER}\n`,
    );
  });
});
