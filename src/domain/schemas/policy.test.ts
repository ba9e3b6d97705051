import { describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../input/diagnostic.js';
import { checkSchema } from '../input/schema-check.js';
import { parseYamlSource } from '../input/yaml-source.js';
import { PolicyFileSchema } from './policy.js';

function problems(text: string): string[] {
  const { source, diagnostics } = parseYamlSource('p.yaml', text);
  if (!source) throw new Error(JSON.stringify(diagnostics));
  return checkSchema(source, PolicyFileSchema).diagnostics.map(formatDiagnostic);
}

describe('PolicyFileSchema', () => {
  it('accepts a policy using every field', () => {
    const text = `policies:
  - name: everything
    description: all fields
    match: { intents: [deploy-app], risk: [high] }
    approvals: 2
    proposers: { allow: ["*"], deny: ["*-agent"] }
    autonomy: { agents: [intentops-agent], auto_merge: false, max_risk: medium }
    windows:
      - { cron: "0 9 * * 1-5", duration: 8h, timezone: Europe/Berlin }
      - { cron: "@daily", duration: 3600 }
      - { cron: "@daily", duration: 1h, timezone: UTC }
      - { cron: "@daily", duration: 1h, timezone: US/Eastern }
    freezes:
      - { from: "2025-12-24", to: "2025-12-26T23:59:59+01:00", reason: holidays }
    rate_limit: { max: 3, per: 1h, scope: target }
    params: { tag: { allow: [latest, 1, true] } }
    prechecks:
      - { name: ready, run: [kubectl, get, --raw, /readyz], expected: ok, timeout: 10s }
`;
    expect(problems(text)).toEqual([]);
    const { source } = parseYamlSource('p.yaml', text);
    const data = source && checkSchema(source, PolicyFileSchema).data;
    expect(data?.policies[0]?.windows?.[1]?.duration).toBe('3600s');
  });

  it('accepts UTC and GMT without loading time zone data; other aliases take the full check', () => {
    // The first zone-aware Intl.DateTimeFormat loads ICU's zone data, a large part of validate's
    // start-up; `timezone: UTC` (what `intentops init` writes) must not pay for it.
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      const window = (tz: string) =>
        `policies:\n  - name: p\n    match: { risk: [high] }\n    windows:\n      - { cron: "@daily", duration: 1h, timezone: ${tz} }\n`;
      for (const tz of ['UTC', 'Etc/UTC', 'GMT', 'utc']) expect(problems(window(tz)), tz).toEqual([]);
      expect(spy).not.toHaveBeenCalled();
      expect(problems(window('US/Eastern'))).toEqual([]);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('needs intents, risk or environments in match', () => {
    expect(problems('policies:\n  - name: p\n    match: {}\n')).toEqual([
      'p.yaml:3:12: policies[0].match: expected `intents`, `risk` or `environments`',
    ]);
  });

  it('checks cron, time zone and freeze dates', () => {
    const text = `policies:
  - name: p
    match: { risk: [high] }
    windows:
      - { cron: "9 * *", duration: 1h, timezone: Mars/Olympus }
    freezes:
      - { from: "2025-12-26", to: "2025-12-24" }
      - { from: "2025-12-24T10:00", to: "2025-13-01" }
`;
    expect(problems(text)).toEqual([
      'p.yaml:5:17: policies[0].windows[0].cron: expected a cron expression with 5 fields (minute hour day month weekday), e.g. "0 9 * * 1-5", got \'9 * *\'',
      "p.yaml:5:50: policies[0].windows[0].timezone: expected an IANA time zone, e.g. Europe/Berlin or UTC, got 'Mars/Olympus'",
      'p.yaml:7:35: policies[0].freezes[0].to: `to` is before `from`',
      "p.yaml:8:17: policies[0].freezes[1].from: expected an ISO date (2025-12-24) or datetime with offset (2025-12-24T18:00:00Z), got '2025-12-24T10:00'",
      "p.yaml:8:41: policies[0].freezes[1].to: expected an ISO date (2025-12-24) or datetime with offset (2025-12-24T18:00:00Z), got '2025-13-01'",
    ]);
  });

  it('refuses duplicate policy names (alongside other problems), bad scopes and empty allowlists', () => {
    const text = `policies:
  - name: p
    match: { risk: [low] }
    rate_limit: { max: 1, per: 1h, scope: cluster }
  - name: p
    match: { intents: [restart-app] }
    params: { app: { allow: [] } }
`;
    expect(problems(text)).toEqual([
      "p.yaml:4:43: policies[0].rate_limit.scope: expected one of intent, target, got 'cluster'",
      "p.yaml:5:11: policies[1].name: duplicate policy 'p'; names must be unique",
      'p.yaml:7:29: policies[1].params.app.allow: expected a non-empty list',
    ]);
    const dup =
      'policies:\n  - { name: p, match: { risk: [low] } }\n  - { name: p, match: { risk: [high] } }\n';
    expect(problems(dup)).toEqual([
      "p.yaml:3:13: policies[1].name: duplicate policy 'p'; names must be unique",
    ]);
  });
});
