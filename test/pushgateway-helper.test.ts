import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPushgateway, type Pushgateway, startPushgateway } from './helpers/pushgateway.js';

// The tests' Pushgateway keeps what it is pushed in memory only. Debian's build defaults
// --persistence.file to /var/lib/prometheus/pushgateway.data: a gateway started without saying
// otherwise writes every test's metrics there and the next one starts with them.

describe.skipIf(!hasPushgateway)('the test Pushgateway', () => {
  let gateway: Pushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('runs without persistence: no file is read at start or written at stop', async () => {
    const res = await fetch(`${gateway.url}/api/v1/status`);
    const status = (await res.json()) as { data: { flags: Record<string, string> } };
    expect(status.data.flags['persistence.file']).toBe('');
  });

  it('starts empty: a second gateway does not see what the first was pushed', async () => {
    await gateway.push('helper-test', 'intentops_helper_probe 1', { run: String(process.pid) });
    await gateway.stop();
    const next = await startPushgateway();
    try {
      const metrics = await (await fetch(`${next.url}/metrics`)).text();
      expect(metrics).not.toContain('intentops_helper_probe');
    } finally {
      await next.stop();
    }
  });
});
