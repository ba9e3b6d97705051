import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { notifySecretNames } from './secret-names.js';

describe('notifySecretNames', () => {
  it('names the variables of every webhook URL and routing key, valid file or not', () => {
    const doc = parse(`
channels:
  - { name: ops, kind: slack, webhook_url_env: ALERTS_URL }
  - { name: pager, kind: pagerduty, routing_key_env: PD_ROUTING, events_url_env: PD_EVENTS }
  - { name: broken, kind: teams, webhook_url_env: TEAMS_HOOK, extra: field }
  - { name: bad, kind: slack, webhook_url_env: "https://hooks.example.com/x" }
  - just a string
`);
    expect(notifySecretNames(doc)).toEqual(['ALERTS_URL', 'PD_ROUTING', 'TEAMS_HOOK']);
  });

  it('is empty for a file without channels', () => {
    expect(notifySecretNames(null)).toEqual([]);
    expect(notifySecretNames({ dashboard: true })).toEqual([]);
    expect(notifySecretNames({ channels: 'none' })).toEqual([]);
  });
});
