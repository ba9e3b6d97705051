import { z } from 'zod';
import { isoTime } from './kube-state.js';

// What the observer keeps of Velero's Backup objects (velero.io/v1), read through the Kubernetes
// API as raw JSON: only the fields used are checked, so newer Velero versions still parse.

export interface BackupState {
  name: string;
  phase: string;
  errors: number;
  warnings: number;
  started: string | null;
  completed: string | null;
  /** Since completion, else start, else creation. */
  ageSeconds: number | null;
  schedule?: string;
}

const Timestamp = z.string().nullish();
const BackupList = z.object({
  items: z.array(
    z.object({
      metadata: z.object({
        name: z.string(),
        creationTimestamp: Timestamp,
        labels: z.record(z.string(), z.string()).nullish(),
      }),
      status: z
        .object({
          phase: z.string().nullish(),
          errors: z.number().nullish(),
          warnings: z.number().nullish(),
          startTimestamp: Timestamp,
          completionTimestamp: Timestamp,
        })
        .nullish(),
    }),
  ),
});

/** Newest first. Throws a ZodError when the answer is not a BackupList. */
export function parseBackupList(json: unknown, now: Date): BackupState[] {
  const list = BackupList.parse(json);
  return list.items
    .map((b) => {
      const started = isoTime(b.status?.startTimestamp);
      const completed = isoTime(b.status?.completionTimestamp);
      const created = isoTime(b.metadata.creationTimestamp);
      const from = completed ?? started ?? created;
      const schedule = b.metadata.labels?.['velero.io/schedule-name'];
      return {
        sortKey: started ?? created ?? '',
        state: {
          name: b.metadata.name,
          // Velero treats a backup with no phase yet as New.
          phase: b.status?.phase || 'New',
          errors: b.status?.errors ?? 0,
          warnings: b.status?.warnings ?? 0,
          started,
          completed,
          ageSeconds: from === null ? null : Math.round((now.getTime() - Date.parse(from)) / 1000),
          ...(schedule ? { schedule } : {}),
        },
      };
    })
    .sort((a, b) => b.sortKey.localeCompare(a.sortKey))
    .map((b) => b.state);
}
