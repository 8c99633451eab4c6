import { Inject, Injectable } from '@nestjs/common';
import { type AuditEvent as AuditEventView, type AuditVerification } from '@switchyard/contracts';
import { z } from 'zod';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type AuditEvent } from '../../database/generated/client.js';
import { type AuthContext, type RequestOrigin } from '../auth/auth-context.js';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { type AuditContent } from './audit-hash.js';
import { AuditKeys } from './audit-keys.js';
import { ChainVerifier } from './audit-verification.js';
import { canonicalJson } from './canonical-json.js';
import { AuditRepository } from './audit.repository.js';
import { redactSecrets } from './redact.js';
import { type AuditQuery } from './audit.schemas.js';

export interface AuditTarget {
  type: string;
  id?: string | null;
}

export interface AuditChange {
  before?: unknown;
  after?: unknown;
}

/** Someone acting without a session: a login attempt, or the system itself at start-up. */
export interface AnonymousActor extends RequestOrigin {
  kind: 'anonymous' | 'system';
  label: string | null;
}

export type Actor = AuthContext | AnonymousActor;

const VERIFY_BATCH = 2000;

/** What is stored is exactly what was hashed: redacted, with BigInts and Dates in their JSON form. */
const storable = (value: unknown) =>
  value === undefined || value === null ? null : JSON.parse(canonicalJson(redactSecrets(value)));

/** Called with each event once it is in the chain; must return at once and never throw. */
export type AuditRecordedListener = (event: AuditEvent) => void;

@Injectable()
export class AuditService {
  private readonly recordedListeners: AuditRecordedListener[] = [];

  constructor(
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly checkpoints: AuditCheckpoints,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(
    actor: Actor,
    action: string,
    target: AuditTarget | null,
    change: AuditChange = {},
  ): Promise<void> {
    const content: AuditContent = {
      at: new Date(),
      actorType: actor.kind,
      actorId: 'id' in actor ? actor.id : null,
      actorLabel: actor.label,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      before: storable(change.before),
      after: storable(change.after),
      ip: actor.ip,
      userAgent: actor.userAgent,
      requestId: actor.requestId,
    };
    let event: AuditEvent;
    try {
      event = await this.repository.append(content, this.keys.chain);
    } catch (error) {
      // An action whose audit record cannot be written must not look successful.
      this.logger.error({ requestId: actor.requestId, err: error, action }, 'audit append failed');
      throw error;
    }
    for (const listener of this.recordedListeners) listener(event);
  }

  /** Copies of the audit leave through here (the notification channels subscribed to `audit.*`). */
  onRecorded(listener: AuditRecordedListener): void {
    this.recordedListeners.push(listener);
  }

  async list(query: AuditQuery): Promise<Page<AuditEventView>> {
    const beforeSeq = decodeCursor(query.cursor, z.string().regex(/^\d{1,18}$/));
    const rows = await this.repository.list(
      { ...query, beforeSeq: beforeSeq === undefined ? undefined : BigInt(beforeSeq) },
      query.limit + 1,
    );
    const page = toPage(rows, query.limit, (row) => row.seq.toString());
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  /**
   * Recomputes every link of the chain, then compares it with the newest signed checkpoint: the first row whose
   * hash does not match is reported, and so are rows the checkpoint recorded that are no longer there.
   */
  async verify(): Promise<AuditVerification> {
    const verifier = new ChainVerifier(this.keys.chainCandidates, await this.checkpoints.newest());
    let lastSeq = 0n;
    for (;;) {
      const batch = await this.repository.batchAfter(lastSeq, VERIFY_BATCH);
      for (const row of batch) {
        if (!verifier.accept(row)) return verifier.result();
        lastSeq = row.seq;
      }
      if (batch.length < VERIFY_BATCH) return verifier.result();
    }
  }
}

function toView(row: AuditEvent): AuditEventView {
  return {
    seq: row.seq.toString(),
    at: row.at.toISOString(),
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    before: row.before,
    after: row.after,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    hash: row.hash,
  } satisfies AuditEventView;
}
