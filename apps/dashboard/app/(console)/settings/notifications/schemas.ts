import { NOTIFICATION_CHANNEL_KINDS, NOTIFICATION_EVENTS } from '@switchyard/contracts';
import { z } from 'zod';

const channelUrl = z
  .string({ error: 'Enter the URL.' })
  .trim()
  .min(1, 'Enter the URL.')
  .max(2000, 'Use at most 2000 characters.')
  .regex(/^https?:\/\/\S+$/, 'Enter an http:// or https:// URL.');

/** Checked boxes arrive as one value or several under the same name; none at all as nothing. */
const events = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.enum(NOTIFICATION_EVENTS)).min(1, 'Choose at least one event.'),
);

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const secret = z.preprocess(
  blankToUndefined,
  z.string().min(16, 'Use at least 16 characters.').max(256, 'Use at most 256 characters.').optional(),
);

export const channelForm = z.object({
  kind: z.enum(NOTIFICATION_CHANNEL_KINDS, { error: 'Choose webhook or Slack.' }),
  url: channelUrl,
  events,
  secret,
});

export const channelIdForm = z.object({ channelId: z.uuid() });

/** An empty URL or secret keeps the stored one; `removeSecret` drops it. */
export const channelEditForm = z.object({
  channelId: z.uuid(),
  url: z.preprocess(blankToUndefined, channelUrl.optional()),
  events,
  secret,
  removeSecret: z.preprocess((value) => value === 'on', z.boolean()),
});
