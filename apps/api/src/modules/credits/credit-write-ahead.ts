import { type WriteAheadCodec } from '../../write-ahead/write-ahead-log.js';
import { type SpilledCreditBatch } from './credit-periods.repository.js';

/**
 * Credit flushes in the write-ahead file; amounts are micro-USD, kept exact as `"123n"` strings. Version 2 added
 * `overdrawn` (spend no lease covered); a version 1 record has none.
 */
export const creditBatchCodec: WriteAheadCodec<SpilledCreditBatch> = {
  version: 2,
  encode: (batch) => batch,
  decode(version, data) {
    if (version !== 1 && version !== 2) throw new Error(`credit record version ${version} is not known`);
    const batch = (version === 1 ? { ...(data as object), overdrawn: 0n } : data) as SpilledCreditBatch;
    for (const field of ['settled', 'overdrawn', 'returned', 'ledgerAmount'] as const)
      if (typeof batch?.[field] !== 'bigint') throw new Error(`a credit record without ${field}`);
    for (const field of ['id', 'periodId', 'teamId', 'replicaId'] as const)
      if (typeof batch[field] !== 'string') throw new Error(`a credit record without ${field}`);
    return batch;
  },
};
