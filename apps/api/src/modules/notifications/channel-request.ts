import { createHmac } from 'node:crypto';
import {
  type NotificationChannelKind,
  NOTIFICATION_SIGNATURE_HEADER,
  NOTIFICATION_TIMESTAMP_HEADER,
} from '@switchyard/contracts';
import { slackText } from './slack-text.js';

export interface ChannelRequest {
  body: string;
  headers: Record<string, string>;
}

/** `sha256=<hex HMAC-SHA256 of the raw body under the secret>`: what a receiver recomputes to trust a delivery. */
export const signatureOf = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * The bytes a channel receives for an event: a webhook gets the event's JSON as stored, Slack `{text}`. With a
 * secret, the body is signed; the timestamp header says when the attempt was sent (it is not signed).
 */
export function channelRequest(
  kind: NotificationChannelKind,
  payload: string,
  secret: string | null,
  now: Date,
): ChannelRequest {
  const body =
    kind === 'slack'
      ? JSON.stringify({ text: slackText(JSON.parse(payload) as Record<string, unknown>) })
      : payload;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Switchyard-Notifications/1',
    [NOTIFICATION_TIMESTAMP_HEADER]: String(Math.floor(now.getTime() / 1000)),
  };
  if (secret !== null) headers[NOTIFICATION_SIGNATURE_HEADER] = signatureOf(body, secret);
  return { body, headers };
}
