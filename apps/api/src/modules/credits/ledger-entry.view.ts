import { type LedgerEntry } from '@switchyard/contracts';
import { type LedgerKind } from '../../database/generated/enums.js';
import { microsToUsd } from './money.js';

export const toLedgerEntryView = (row: {
  id: bigint;
  kind: LedgerKind;
  amount: bigint;
  periodId: string | null;
  note: string | null;
  actorId: string | null;
  createdAt: Date;
}): LedgerEntry =>
  ({
    id: row.id.toString(),
    kind: row.kind,
    amountUsd: microsToUsd(row.amount),
    periodId: row.periodId,
    note: row.note,
    actorId: row.actorId,
    createdAt: row.createdAt.toISOString(),
  }) satisfies LedgerEntry;
