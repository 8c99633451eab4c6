import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { type AuditEvent } from '../../database/generated/client.js';
import { AuditCheckpoints, type Checkpoint } from '../audit/audit-checkpoints.js';
import { AuditService } from '../audit/audit.service.js';
import {
  auditCheckpointEvent,
  auditEvent,
  budgetEvent,
  type BudgetCrossing,
  keyEvent,
  type KeyTrouble,
  type OutboxEvent,
} from './notification-events.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Dedupe keys this replica already queued: repeated sightings of one crossing skip the database. */
const REMEMBERED_KEYS = 1000;

/**
 * Where the code that detects an event hands it over: `budgetCrossed` and `keyTrouble` return at once, never
 * throw, and never wait for the database or a channel. The event is queued in Postgres (`notification_deliveries`)
 * for each subscribed channel, once per dedupe key, and sent by the dispatcher.
 */
@Injectable()
export class NotificationOutbox {
  private readonly remembered = new Set<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly dispatcher: NotificationDispatcher,
    @Inject(LOGGER) private readonly logger: Logger,
    audit: AuditService,
    checkpoints: AuditCheckpoints,
  ) {
    audit.onRecorded((event) => this.auditRecorded(event));
    checkpoints.onWritten((checkpoint) => this.auditCheckpointWritten(checkpoint));
  }

  /** Every audit event, for the channels subscribed to `audit.*`. */
  auditRecorded(event: AuditEvent): void {
    this.queue('audit.*', () => Promise.resolve(auditEvent(event)));
  }

  auditCheckpointWritten(checkpoint: Checkpoint): void {
    this.queue('audit.checkpoint', () => Promise.resolve(auditCheckpointEvent(checkpoint)));
  }

  budgetCrossed(crossing: BudgetCrossing): void {
    this.queue(crossing.kind, async () => {
      const teamName = (await this.repository.teamName(crossing.teamId)) ?? crossing.teamId;
      return budgetEvent(crossing, teamName);
    });
  }

  keyTrouble(trouble: KeyTrouble): void {
    this.queue(trouble.kind, async () => {
      const label = (await this.repository.keyLabel(trouble.keyId)) ?? trouble.keyId;
      return keyEvent(trouble, label);
    });
  }

  /** Resolves when every event handed over so far is queued (or failed to be). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private queue(kind: string, build: () => Promise<OutboxEvent>): void {
    const work = this.store(kind, build).catch((error: unknown) =>
      this.logger.warn({ err: error, event: kind }, 'could not queue a notification'),
    );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async store(kind: string, build: () => Promise<OutboxEvent>): Promise<void> {
    if (!(await this.repository.anyChannelFor(kind))) return;
    const event = await build();
    if (this.remembered.has(event.dedupeKey)) return;
    const queued = await this.repository.enqueue(event);
    this.remember(event.dedupeKey);
    if (queued.length > 0) this.dispatcher.wake();
  }

  private remember(key: string): void {
    this.remembered.add(key);
    if (this.remembered.size > REMEMBERED_KEYS) {
      const oldest = this.remembered.values().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }
}
