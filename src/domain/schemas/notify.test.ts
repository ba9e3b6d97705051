import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NotifyConfigSchema } from './notify.js';

// intents/notify.yaml: env var names only, defaults filled, the README's example accepted.

describe('notify config', () => {
  it('fills default severities and accepts both kinds', () => {
    const c = NotifyConfigSchema.parse({
      channels: [
        { name: 'chat', kind: 'slack', webhook_url_env: 'SLACK_WEBHOOK_URL' },
        { name: 'pd', kind: 'pagerduty', routing_key_env: 'PD_KEY', severities: ['P1'] },
      ],
    });
    expect(c.channels.map((x) => x.severities)).toEqual([['P1', 'P2'], ['P1']]);
  });

  it('refuses a value where the name of an env var belongs, and unknown keys', () => {
    const r = NotifyConfigSchema.safeParse({
      channels: [{ name: 'chat', kind: 'slack', webhook_url_env: 'https://hooks.example/T/B/secret' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/NAME of an environment variable/);
    expect(
      NotifyConfigSchema.safeParse({
        channels: [{ name: 'chat', kind: 'slack', webhook_url_env: 'X', webhook_url: 'https://x' }],
      }).success,
    ).toBe(false);
  });

  it('accepts the example in docs/observing.md', () => {
    const readme = readFileSync(
      fileURLToPath(new URL('../../../docs/observing.md', import.meta.url)),
      'utf8',
    );
    const block = /```yaml\n# intents\/notify\.yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(NotifyConfigSchema.safeParse(parse(block ?? '')).success).toBe(true);
  });
});
