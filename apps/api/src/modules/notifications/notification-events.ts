import { type BudgetNotification, type KeyNotification } from '@switchyard/contracts';
import { type AuditEvent } from '../../database/generated/client.js';
import { type Checkpoint } from '../audit/audit-checkpoints.js';
import { contentOf } from '../audit/audit-verification.js';
import { microsToUsd } from '../credits/money.js';

/** A budget crossed its alert threshold or ran out, as the credit path saw it. */
export interface BudgetCrossing {
  kind: 'budget.threshold' | 'budget.exhausted';
  at: Date;
  teamId: string;
  /** Set when the budget is a token's. */
  tokenId?: string | null;
  spentMicros: bigint;
  limitMicros: bigint;
  periodStart: Date;
}

/** A provider key failed its credentials, or ran out of quota or credit, as the key pool saw it. */
export interface KeyTrouble {
  kind: 'key.auth_failed' | 'key.exhausted';
  at: Date;
  keyId: string;
  provider: string;
  model?: string | null;
  /** The error class (`auth`, `forbidden`, `quota_exhausted`, `billing`): never upstream text, which may echo the key. */
  reason: string;
}

/** An event ready for the outbox: what makes it unique, and the JSON text every channel receives. */
export interface OutboxEvent {
  event: string;
  /** Equal for every sighting of the same crossing, on any replica; one delivery per channel and key. */
  dedupeKey: string;
  payload: string;
}

/**
 * One audit event as a SIEM receives it: every field its hash covers, under the same names, plus its place in the
 * chain. A copy can be checked outside: `seq` runs without gaps, each `prevHash` is the previous `hash`, and with
 * the chain key (HKDF-SHA256 of SWITCHYARD_AUDIT_KEY, info `switchyard audit chain`) each `hash` is
 * HMAC-SHA256(key, prevHash + canonical JSON of the other fields).
 */
export function auditEvent(row: AuditEvent): OutboxEvent {
  const payload = {
    event: `audit.${row.action}`,
    seq: row.seq.toString(),
    ...contentOf(row),
    at: row.at.toISOString(),
    prevHash: row.prevHash,
    hash: row.hash,
  };
  return { event: 'audit.*', dedupeKey: `audit:${payload.seq}`, payload: JSON.stringify(payload) };
}

/** A signed checkpoint of the chain's head, as appended to the data directory's checkpoint file. */
export function auditCheckpointEvent(checkpoint: Checkpoint): OutboxEvent {
  return {
    event: 'audit.checkpoint',
    dedupeKey: `audit.checkpoint:${checkpoint.seq}:${checkpoint.at}`,
    payload: JSON.stringify({ event: 'audit.checkpoint', ...checkpoint }),
  };
}

const percentOf = (spent: bigint, limit: bigint) =>
  limit > 0n ? Number((spent * 100n) / limit) : spent > 0n ? 100 : 0;

/** Once per budget (team or token), event and period. */
export function budgetEvent(crossing: BudgetCrossing, teamName: string): OutboxEvent {
  const owner = crossing.tokenId ? `token:${crossing.tokenId}` : `team:${crossing.teamId}`;
  const periodStart = crossing.periodStart.toISOString();
  const payload: BudgetNotification = {
    event: crossing.kind,
    at: crossing.at.toISOString(),
    teamId: crossing.teamId,
    teamName,
    ...(crossing.tokenId ? { tokenId: crossing.tokenId } : {}),
    percent: percentOf(crossing.spentMicros, crossing.limitMicros),
    spentUsd: microsToUsd(crossing.spentMicros),
    limitUsd: microsToUsd(crossing.limitMicros),
    periodStart,
  };
  return {
    event: crossing.kind,
    dedupeKey: `${crossing.kind}:${owner}:${periodStart}`,
    payload: JSON.stringify(payload),
  };
}

/**
 * An auth failure once per failure (the key stays disabled until an admin's passing test, so `at` tells episodes
 * apart); exhaustion at most once per key and UTC day, whichever replica and model saw it.
 */
export function keyEvent(trouble: KeyTrouble, keyLabel: string): OutboxEvent {
  const payload: KeyNotification = {
    event: trouble.kind,
    at: trouble.at.toISOString(),
    keyId: trouble.keyId,
    keyLabel,
    provider: trouble.provider,
    ...(trouble.model ? { model: trouble.model } : {}),
    reason: trouble.reason,
  };
  const episode =
    trouble.kind === 'key.auth_failed' ? trouble.at.toISOString() : trouble.at.toISOString().slice(0, 10);
  return {
    event: trouble.kind,
    dedupeKey: `${trouble.kind}:key:${trouble.keyId}:${episode}`,
    payload: JSON.stringify(payload),
  };
}
