import { NOTIFICATION_CHANNEL_KINDS, NOTIFICATION_EVENTS } from '@switchyard/contracts';
import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';

const channelUrlSchema = z
  .string({ message: 'must be an http:// or https:// URL' })
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
    else if (parsed.username || parsed.password)
      ctx.addIssue({ code: 'custom', message: 'must not carry credentials; use secret to sign deliveries' });
    else if (parsed.hash) ctx.addIssue({ code: 'custom', message: 'must not have a fragment' });
  });

const eventsSchema = z
  .array(z.enum(NOTIFICATION_EVENTS, { message: `must be one of ${NOTIFICATION_EVENTS.join(', ')}` }), {
    message: `must be a list of events (${NOTIFICATION_EVENTS.join(', ')})`,
  })
  .min(1, 'must name at least one event')
  .max(NOTIFICATION_EVENTS.length, `must name at most ${NOTIFICATION_EVENTS.length} events`)
  .superRefine((events, ctx) => {
    events.forEach((event, index) => {
      if (events.indexOf(event) !== index)
        ctx.addIssue({ code: 'custom', path: [index], message: 'repeats an earlier event' });
    });
  });

const secretSchema = z
  .string({ message: 'must be a string' })
  .min(16, 'must be at least 16 characters')
  .max(256, 'must be at most 256 characters');

export const createChannelSchema = z.strictObject({
  kind: z.enum(NOTIFICATION_CHANNEL_KINDS, { message: 'must be webhook or slack' }),
  url: channelUrlSchema,
  events: eventsSchema,
  secret: secretSchema.optional(),
});

/** Every field is optional; `secret: null` removes the secret. */
export const updateChannelSchema = z.strictObject({
  kind: z.enum(NOTIFICATION_CHANNEL_KINDS, { message: 'must be webhook or slack' }).optional(),
  url: channelUrlSchema.optional(),
  events: eventsSchema.optional(),
  secret: secretSchema.nullable().optional(),
});

export const listChannelsSchema = pageQuerySchema;
export const listDeliveriesSchema = pageQuerySchema;

export type CreateChannelBody = z.infer<typeof createChannelSchema>;
export type UpdateChannelBody = z.infer<typeof updateChannelSchema>;
export type ListChannelsQuery = z.infer<typeof listChannelsSchema>;
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesSchema>;
