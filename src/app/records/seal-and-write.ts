import { faultPoint } from '../../adapters/fault-point.js';
import { recordPath, sealRecord } from '../../domain/records/record.js';
import type { ExecutionRecord, UnsignedRecord } from '../../domain/schemas/record.js';
import type { Stores } from './stores.js';

type Anomaly = ExecutionRecord['anomalies'][number];

/**
 * How every record of a run is stored (an execution's, a bake's follow-up): the drafts link to the
 * record and the record lists its drafts, so draft first, then seal and write; then the anomaly log.
 */
export async function sealAndWrite(
  stores: Stores,
  unsigned: UnsignedRecord,
  o: { draft: readonly Anomaly[]; logLine: (a: Anomaly, record: ExecutionRecord) => object },
): Promise<{ record: ExecutionRecord; path: string }> {
  const path = recordPath(unsigned);
  for (const anomaly of o.draft) {
    unsigned.drafts.push(await stores.upsertDraft({ record: unsigned, anomaly, recordRef: `../../${path}` }));
  }
  const record = sealRecord(unsigned);
  await faultPoint('record.write');
  const written = await stores.writeRecord(record);
  await stores.logAnomalies(record.anomalies.map((a) => o.logLine(a, record)));
  return { record, path: written };
}
