import { type WriteAheadCodec } from '../../write-ahead/write-ahead-log.js';
import { type UsageEventInput } from './usage-event.js';

/**
 * Usage events in the write-ahead file. Version 2 is the event as the proxy reports it, `at` as epoch ms, with its
 * charges to budget periods; version 1 had no charges (its credit file carried them); version 0
 * is the spill file of earlier releases (`usage-spill.ndjson`: one bare event per line, `at` as ISO text), read
 * once at start and carried over.
 */
const isCharge = (charge: unknown) => {
  const { periodId, replicaId, leasedMicros } = (charge ?? {}) as Record<string, unknown>;
  return typeof periodId === 'string' && typeof replicaId === 'string' && typeof leasedMicros === 'bigint';
};

export const usageEventCodec: WriteAheadCodec<UsageEventInput> = {
  version: 2,
  encode: (event) => ({ ...event, at: event.at.getTime() }),
  decode(version, data) {
    if (version !== 0 && version !== 1 && version !== 2)
      throw new Error(`usage record version ${version} is not known`);
    const event = data as UsageEventInput & { at: number | string };
    if (typeof event?.requestId !== 'string') throw new Error('a usage record without a request id');
    const at = new Date(event.at);
    if (Number.isNaN(at.getTime())) throw new Error('a usage record without a time');
    const charges: unknown = event.charges;
    if (charges !== undefined && !(Array.isArray(charges) && charges.every(isCharge)))
      throw new Error('a usage record whose charges are not budget period charges');
    return { ...event, at };
  },
};
