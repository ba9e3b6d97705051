import { describe, expect, it } from 'vitest';
import { parseBackupList } from './velero-state.js';

const NOW = new Date('2025-03-10T05:14:00Z');

describe('parseBackupList', () => {
  it('orders by start, newest first; a backup in progress has no completion; no phase yet is New', () => {
    const backups = parseBackupList(
      {
        apiVersion: 'velero.io/v1',
        kind: 'BackupList',
        metadata: { continue: '', resourceVersion: '1' },
        items: [
          {
            metadata: { name: 'old', creationTimestamp: '2025-03-08T02:00:00Z' },
            status: { phase: 'Failed', startTimestamp: '2025-03-08T02:00:00Z', errors: 1 },
          },
          { metadata: { name: 'queued', creationTimestamp: '2025-03-10T05:13:00Z' } },
          {
            metadata: { name: 'running', creationTimestamp: '2025-03-10T05:00:00Z' },
            status: { phase: 'InProgress', startTimestamp: '2025-03-10T05:00:01Z' },
          },
        ],
      },
      NOW,
    );
    expect(backups.map((b) => [b.name, b.phase, b.completed, b.ageSeconds])).toEqual([
      ['queued', 'New', null, 60],
      ['running', 'InProgress', null, 839],
      ['old', 'Failed', null, 184_440],
    ]);
  });

  it('refuses what is not a BackupList', () => {
    expect(() => parseBackupList({ kind: 'Status', status: 'Failure' }, NOW)).toThrow();
    expect(() => parseBackupList({ items: [{ metadata: {} }] }, NOW)).toThrow();
  });
});
