import {
  type NotificationChannel,
  type NotificationChannelKind,
  type NotificationDelivery,
  type NotificationEvent,
} from '@switchyard/contracts';
import { type ChannelRow } from './notifications.repository.js';

const MASK = '****';

/**
 * A channel URL as shown and audited: a Slack webhook URL is itself the credential, so its last path segment is
 * masked, and a query string (where receivers often put tokens) is masked for every kind.
 */
export function shownUrl(kind: NotificationChannelKind, url: string): string {
  const parsed = new URL(url);
  let path = parsed.pathname;
  if (kind === 'slack') path = path.replace(/[^/]+\/?$/, (segment) => (segment ? MASK : segment));
  return `${parsed.origin}${path}${parsed.search ? `?${MASK}` : ''}`;
}

export const toChannelView = (row: ChannelRow): NotificationChannel => ({
  id: row.id,
  kind: row.kind,
  url: shownUrl(row.kind, row.url),
  events: row.events as NotificationEvent[],
  hasSecret: row.secretCiphertext !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** What the audit log keeps of a channel: never the secret, and the URL as shown. */
export const channelAudit = (row: ChannelRow) => ({
  kind: row.kind,
  url: shownUrl(row.kind, row.url),
  events: row.events,
  hasSecret: row.secretCiphertext !== null,
});

interface DeliveryRow {
  id: string;
  channelId: string;
  event: string;
  status: NotificationDelivery['status'];
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date;
  attemptLog: {
    attempt: number;
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }[];
}

export const toDeliveryView = (row: DeliveryRow): NotificationDelivery => ({
  id: row.id,
  channelId: row.channelId,
  event: row.event,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
  attempts: row.attemptLog.map((attempt) => ({
    attempt: attempt.attempt,
    at: attempt.at.toISOString(),
    statusCode: attempt.statusCode,
    error: attempt.error,
    durationMs: attempt.durationMs,
  })),
});
