import { type LedgerKind } from '../../database/generated/enums.js';
import { microsToUsd } from './money.js';

export interface LedgerEntryView {
  id: string;
  kind: LedgerKind;
  /** Signed: grants and adjustments move the period's limit; a settlement is spend charged in one batch. */
  amountUsd: number;
  periodId: string | null;
  note: string | null;
  actorId: string | null;
  createdAt: string;
}

export const toLedgerEntryView = (row: {
  id: bigint;
  kind: LedgerKind;
  amount: bigint;
  periodId: string | null;
  note: string | null;
  actorId: string | null;
  createdAt: Date;
}): LedgerEntryView => ({
  id: row.id.toString(),
  kind: row.kind,
  amountUsd: microsToUsd(row.amount),
  periodId: row.periodId,
  note: row.note,
  actorId: row.actorId,
  createdAt: row.createdAt.toISOString(),
});
