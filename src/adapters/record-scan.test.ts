import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/helpers/record-fixture.js';
import { parseRecordFields, parseRecordText } from './record-scan.js';
import { serializeRecord } from './record-store.js';

describe('parseRecordFields', () => {
  it('reads the named top-level entries exactly as the whole parse does, whatever the other values hold', () => {
    const record = makeRecord({
      status: 'failed',
      commands_run: [
        {
          step: 'apply',
          cmd: 'echo',
          exit_code: 1,
          duration: '1s',
          // Text that looks like top-level keys, in a block scalar and in a multi-line quoted string.
          stdout_tail: 'status: success\nid: forged\n',
          stderr_tail: 'drafts: []\r\nintent: other',
        },
      ],
      request: {
        path: 'intents/requests/a.yaml',
        commit: null,
        reason: 'multi\nline: reason\nstatus: success',
      },
    });
    const text = serializeRecord(record);
    const keys = new Set(['id', 'status', 'request', 'drafts', 'intent']);
    const whole = parseRecordText(text, 'r.yaml') as Record<string, unknown>;
    const outline = parseRecordFields(text, 'r.yaml', keys) as Record<string, unknown>;
    expect(outline).toEqual(Object.fromEntries([...keys].map((k) => [k, whole[k]])));
    expect(outline.status).toBe('failed');
  });

  it('reads a flow-style document whole', () => {
    expect(parseRecordFields('{id: a, status: failed}', 'r.yaml', new Set(['id']))).toEqual({
      id: 'a',
      status: 'failed',
    });
  });
});
