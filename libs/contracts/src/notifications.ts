import { z } from 'zod';
import { pageSchema } from './page.js';

/** The events a notification channel can subscribe to. */
export const NOTIFICATION_EVENTS = [
  'budget.threshold',
  'budget.exhausted',
  'key.auth_failed',
  'key.exhausted',
  /** Every audit event, with its place in the hash chain (`seq`, `prevHash`, `hash`), for a SIEM. */
  'audit.*',
  /** Each signed checkpoint of the audit chain's head, as written to the data directory. */
  'audit.checkpoint',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Sent by `POST /admin/notifications/:id/test` to that channel alone, whatever it subscribes to. */
export const TEST_NOTIFICATION_EVENT = 'notification.test';

export const NOTIFICATION_CHANNEL_KINDS = ['webhook', 'slack'] as const;
export type NotificationChannelKind = (typeof NOTIFICATION_CHANNEL_KINDS)[number];

export const NOTIFICATION_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/** The signature header of a webhook delivery: `sha256=<hex HMAC-SHA256 of the raw body under the secret>`. */
export const NOTIFICATION_SIGNATURE_HEADER = 'x-switchyard-signature';
/** Unix seconds at which the attempt was sent; not part of the signed bytes. */
export const NOTIFICATION_TIMESTAMP_HEADER = 'x-switchyard-timestamp';

/**
 * A channel as the API shows it: never its secret, only whether it has one. Slack URLs are credentials, so their
 * last path segment is masked; any URL's query string is masked too.
 */
export const notificationChannelSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_CHANNEL_KINDS),
  url: z.string(),
  events: z.array(z.enum(NOTIFICATION_EVENTS)),
  hasSecret: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const notificationChannelPageSchema = pageSchema(notificationChannelSchema);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/** One HTTP attempt of a delivery. `statusCode` is null when no answer came (refused, timed out). */
export const notificationAttemptSchema = z.object({
  attempt: z.number(),
  at: z.string(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type NotificationAttempt = z.infer<typeof notificationAttemptSchema>;

/** An event queued for a channel, with every attempt made so far (oldest first). */
export const notificationDeliverySchema = z.object({
  id: z.string(),
  channelId: z.string(),
  event: z.string(),
  status: z.enum(NOTIFICATION_DELIVERY_STATUSES),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: z.string().nullable(),
  attempts: z.array(notificationAttemptSchema),
});
export const notificationDeliveryPageSchema = pageSchema(notificationDeliverySchema);
export type NotificationDelivery = z.infer<typeof notificationDeliverySchema>;

/** The JSON body of a budget event (webhook kind). */
export const budgetNotificationSchema = z.object({
  event: z.enum(['budget.threshold', 'budget.exhausted']),
  at: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  tokenId: z.string().optional(),
  percent: z.number(),
  spentUsd: z.number(),
  limitUsd: z.number(),
  periodStart: z.string(),
});
export type BudgetNotification = z.infer<typeof budgetNotificationSchema>;

/** The JSON body of a key event (webhook kind); never the key's secret. */
export const keyNotificationSchema = z.object({
  event: z.enum(['key.auth_failed', 'key.exhausted']),
  at: z.string(),
  keyId: z.string(),
  keyLabel: z.string(),
  provider: z.string(),
  model: z.string().optional(),
  reason: z.string(),
});
export type KeyNotification = z.infer<typeof keyNotificationSchema>;
