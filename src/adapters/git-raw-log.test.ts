import { describe, expect, it } from 'vitest';
import { parseRawLog } from './git-raw-log.js';

const SHA = 'a'.repeat(40);
const raw = (status: string, from = '000000', to = '100644') => `:${from} ${to} 0000000 1234567 ${status}`;

describe('git log --raw -z, read field by field', () => {
  it('keeps every byte of a path: spaces, line breaks, a leading colon or \\x01', () => {
    const out = [
      `\x01${SHA} 1700000000`,
      `\n${raw('A')}`,
      'intents/requests/a.yaml ',
      raw('A'),
      'intents/requests/a.yaml\n',
      raw('A', '000000', '120000'),
      'intents/requests/b.yaml',
      raw('A'),
      ':odd\x01name',
      `\x01${'b'.repeat(40)} 1700000001`,
      `\n${raw('D', '100644', '000000')}`,
      'intents/requests/c.yaml',
      '',
    ].join('\0');
    expect(parseRawLog(out)).toEqual([
      {
        header: `${SHA} 1700000000`,
        changes: [
          { status: 'A', mode: '100644', path: 'intents/requests/a.yaml ' },
          { status: 'A', mode: '100644', path: 'intents/requests/a.yaml\n' },
          { status: 'A', mode: '120000', path: 'intents/requests/b.yaml' },
          { status: 'A', mode: '100644', path: ':odd\x01name' },
        ],
      },
      {
        header: `${'b'.repeat(40)} 1700000001`,
        changes: [{ status: 'D', mode: '100644', path: 'intents/requests/c.yaml' }],
      },
    ]);
  });

  it('reads changes without a header (diff-tree --no-commit-id) and refuses what it cannot place', () => {
    expect(parseRawLog(`${raw('A')}\0x.yaml\0`)).toEqual([
      { header: '', changes: [{ status: 'A', mode: '100644', path: 'x.yaml' }] },
    ]);
    expect(() => parseRawLog('A\0x.yaml\0')).toThrow(/unexpected git output field "A"/);
    expect(() => parseRawLog(`${raw('A')}`)).toThrow(/unexpected git output field/);
  });
});
