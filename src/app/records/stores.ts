import type { ExecutionRecord, UnsignedRecord } from '../../domain/schemas/record.js';

// Where a run's evidence goes: the record, the incident drafts of its anomalies and the anomaly log.
// The execute, observe (bake follow-ups), rollback and incident stages all write through it.

export interface Stores {
  writeRecord(record: ExecutionRecord): Promise<string>;
  upsertDraft(input: {
    record: UnsignedRecord;
    anomaly: ExecutionRecord['anomalies'][number];
    recordRef: string;
  }): Promise<{
    fingerprint: string;
    path: string;
    new: boolean;
  }>;
  logAnomalies(lines: readonly object[]): Promise<void>;
}
