import { Injectable } from '@nestjs/common';
import { type SealedSecret } from '@switchyard/crypto';
import { Prisma } from '../../database/generated/client.js';
import { PrismaService } from '../../database/prisma.service.js';
import { type NotificationChannelKind } from '../../database/generated/enums.js';

export interface ChannelRow {
  id: string;
  kind: NotificationChannelKind;
  url: string;
  events: string[];
  secretCiphertext: Uint8Array | null;
  secretIv: Uint8Array | null;
  secretTag: Uint8Array | null;
  secretKeyVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChannelChange {
  kind?: NotificationChannelKind;
  url?: string;
  events?: string[];
  /** null removes the secret. */
  secret?: SealedSecret | null;
}

/** A delivery claimed for one attempt, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  event: string;
  payload: string;
  /** The number this attempt carries: one more than the attempts recorded. */
  attempt: number;
  channel: Pick<
    ChannelRow,
    'id' | 'kind' | 'url' | 'secretCiphertext' | 'secretIv' | 'secretTag' | 'secretKeyVersion'
  >;
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** pending with the next attempt's time, or the final status. */
  outcome: { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; nextAttemptAt: Date };
}

const sealedColumns = (secret: SealedSecret | null) => ({
  secretCiphertext: secret ? new Uint8Array(secret.ciphertext) : null,
  secretIv: secret ? new Uint8Array(secret.iv) : null,
  secretTag: secret ? new Uint8Array(secret.tag) : null,
  secretKeyVersion: secret ? secret.keyVersion : null,
});

type ClaimRow = Omit<ClaimedDelivery, 'channel'> & {
  channelId: string;
  kind: NotificationChannelKind;
  url: string;
  secretCiphertext: Uint8Array | null;
  secretIv: Uint8Array | null;
  secretTag: Uint8Array | null;
  secretKeyVersion: number | null;
};

const toClaimed = (row: ClaimRow): ClaimedDelivery => ({
  id: row.id,
  event: row.event,
  payload: row.payload,
  attempt: row.attempt,
  channel: {
    id: row.channelId,
    kind: row.kind,
    url: row.url,
    secretCiphertext: row.secretCiphertext,
    secretIv: row.secretIv,
    secretTag: row.secretTag,
    secretKeyVersion: row.secretKeyVersion,
  },
});

const CLAIMED_CHANNEL_COLUMNS = Prisma.raw(
  `c.id::text AS "channelId", c.kind::text AS kind, c.url, c.secret_ciphertext AS "secretCiphertext",
   c.secret_iv AS "secretIv", c.secret_tag AS "secretTag", c.secret_key_version AS "secretKeyVersion"`,
);

@Injectable()
export class NotificationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  listChannels(after: { createdAt: Date; id: string } | undefined, take: number): Promise<ChannelRow[]> {
    return this.prisma.notificationChannel.findMany({
      where: after
        ? {
            OR: [
              { createdAt: { gt: after.createdAt } },
              { createdAt: after.createdAt, id: { gt: after.id } },
            ],
          }
        : {},
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
    });
  }

  findChannel(id: string): Promise<ChannelRow | null> {
    return this.prisma.notificationChannel.findUnique({ where: { id } });
  }

  createChannel(data: {
    kind: NotificationChannelKind;
    url: string;
    events: string[];
    secret: SealedSecret | null;
  }): Promise<ChannelRow> {
    return this.prisma.notificationChannel.create({
      data: { kind: data.kind, url: data.url, events: data.events, ...sealedColumns(data.secret) },
    });
  }

  async updateChannel(id: string, change: ChannelChange): Promise<ChannelRow | null> {
    const { count } = await this.prisma.notificationChannel.updateMany({
      where: { id },
      data: {
        ...(change.kind !== undefined ? { kind: change.kind } : {}),
        ...(change.url !== undefined ? { url: change.url } : {}),
        ...(change.events !== undefined ? { events: change.events } : {}),
        ...(change.secret !== undefined ? sealedColumns(change.secret) : {}),
      },
    });
    return count === 0 ? null : this.findChannel(id);
  }

  async deleteChannel(id: string): Promise<boolean> {
    const { count } = await this.prisma.notificationChannel.deleteMany({ where: { id } });
    return count > 0;
  }

  /**
   * Queues the event for every channel subscribed to it. A channel that already has this dedupe key gets
   * nothing: that is what makes a crossing one delivery. Answers the ids of the deliveries queued.
   */
  async enqueue(event: { event: string; dedupeKey: string; payload: string }): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO notification_deliveries (id, channel_id, event, dedupe_key, payload, next_attempt_at)
      SELECT gen_random_uuid(), c.id, ${event.event}, ${event.dedupeKey}, ${event.payload}, now()
      FROM notification_channels c
      WHERE ${event.event} = ANY(c.events)
      ON CONFLICT (channel_id, dedupe_key) DO NOTHING
      RETURNING id::text AS id`;
    return rows.map((row) => row.id);
  }

  /**
   * Queues an event for one channel, whatever it subscribes to, already claimed for its first attempt by the
   * caller: no poller can take it in between. Null when the channel does not exist.
   */
  async enqueueClaimed(
    event: { event: string; dedupeKey: string; payload: string },
    channelId: string,
    holdMs: number,
  ): Promise<ClaimedDelivery | null> {
    const rows = await this.prisma.$queryRaw<ClaimRow[]>`
      WITH queued AS (
        INSERT INTO notification_deliveries (id, channel_id, event, dedupe_key, payload, next_attempt_at)
        SELECT gen_random_uuid(), c.id, ${event.event}, ${event.dedupeKey}, ${event.payload},
          now() + ${holdMs}::int * interval '1 millisecond'
        FROM notification_channels c WHERE c.id = ${channelId}::uuid
        RETURNING id, channel_id, event, payload
      )
      SELECT q.id::text AS id, q.event, q.payload, 1 AS attempt, ${CLAIMED_CHANNEL_COLUMNS}
      FROM queued q JOIN notification_channels c ON c.id = q.channel_id`;
    return rows[0] ? toClaimed(rows[0]) : null;
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each. `SKIP LOCKED` lets replicas claim side by side
   * without waiting on or taking each other's rows; pushing `next_attempt_at` past the attempt's longest time
   * keeps a claimed row from being claimed again, and lets another replica retry it if this one dies mid-send.
   */
  async claimDue(limit: number, holdMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.prisma.$queryRaw<ClaimRow[]>`
      UPDATE notification_deliveries d
      SET next_attempt_at = now() + ${holdMs}::int * interval '1 millisecond'
      FROM notification_channels c
      WHERE c.id = d.channel_id AND d.id IN (
        SELECT id FROM notification_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING d.id::text AS id, d.event, d.payload, d.attempts + 1 AS attempt, ${CLAIMED_CHANNEL_COLUMNS}`;
    return rows.map(toClaimed);
  }

  /** Records the attempt and the delivery's new state; false when the channel (and so the delivery) was deleted. */
  async recordAttempt(record: AttemptRecord): Promise<boolean> {
    const { outcome } = record;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.notificationDelivery.updateMany({
        where: { id: record.deliveryId, status: 'pending' },
        data: {
          attempts: record.attempt,
          status: outcome.status,
          ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
          ...(outcome.status === 'delivered' ? { deliveredAt: record.at } : {}),
        },
      });
      if (count === 0) return false;
      await tx.notificationAttempt.create({
        data: {
          deliveryId: record.deliveryId,
          attempt: record.attempt,
          at: record.at,
          statusCode: record.statusCode,
          error: record.error,
          durationMs: record.durationMs,
        },
      });
      return true;
    });
  }

  /** Newest first, each with its attempts. */
  listDeliveries(channelId: string, after: { createdAt: Date; id: string } | undefined, take: number) {
    return this.prisma.notificationDelivery.findMany({
      where: {
        channelId,
        ...(after
          ? {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { lt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
      include: { attemptLog: { orderBy: { attempt: 'asc' } } },
    });
  }

  findDelivery(id: string) {
    return this.prisma.notificationDelivery.findUnique({
      where: { id },
      include: { attemptLog: { orderBy: { attempt: 'asc' } } },
    });
  }

  /** Whether any channel listens for `event`: most installs have none, and then nothing else is read. */
  async anyChannelFor(event: string): Promise<boolean> {
    const found = await this.prisma.notificationChannel.findFirst({
      where: { events: { has: event } },
      select: { id: true },
    });
    return found !== null;
  }

  async teamName(teamId: string): Promise<string | null> {
    const team = await this.prisma.team.findUnique({ where: { id: teamId }, select: { name: true } });
    return team?.name ?? null;
  }

  async keyLabel(keyId: string): Promise<string | null> {
    const key = await this.prisma.providerKey.findUnique({ where: { id: keyId }, select: { label: true } });
    return key?.label ?? null;
  }
}
