import { type WriteAheadCodec } from '../../write-ahead/write-ahead-log.js';
import { type SpilledCreditBatch } from './credit-periods.repository.js';

/**
 * Credit flushes in the write-ahead file; amounts are micro-USD, kept exact as `"123n"` strings. Version 3 takes
 * credit off a lease only, since spend travels with usage rows; versions 1 and 2 also carried the spend
 * (`chargesSpend`), and version 1 had no `overdrawn` (spend no lease covered).
 */
export const creditBatchCodec: WriteAheadCodec<SpilledCreditBatch> = {
  version: 3,
  encode: ({ chargesSpend: _chargesSpend, ...batch }) => batch,
  decode(version, data) {
    if (version !== 1 && version !== 2 && version !== 3)
      throw new Error(`credit record version ${version} is not known`);
    const batch = {
      overdrawn: 0n,
      ledgerAmount: 0n,
      ...(data as object),
      chargesSpend: version < 3,
    } as SpilledCreditBatch;
    for (const field of ['settled', 'overdrawn', 'returned', 'ledgerAmount'] as const)
      if (typeof batch?.[field] !== 'bigint') throw new Error(`a credit record without ${field}`);
    for (const field of ['id', 'periodId', 'teamId', 'replicaId'] as const)
      if (typeof batch[field] !== 'string') throw new Error(`a credit record without ${field}`);
    return batch;
  },
};
