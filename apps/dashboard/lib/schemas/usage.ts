import { z } from 'zod';
import { pageSchema } from './page';

export const USAGE_GROUPS = ['day', 'team', 'token', 'key', 'model'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** The row's group key field, named after the grouping. */
export const GROUP_FIELD = {
  team: 'teamId',
  token: 'tokenId',
  key: 'keyId',
  model: 'model',
  day: 'day',
} as const satisfies Record<UsageGroup, string>;

const metrics = {
  requests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Upstream and gateway failures. */
  errors: z.number(),
  /** Requests the gateway's own rules refused (budget, rate limit, allow-list): never counted as errors. */
  refusals: z.number().default(0),
  /** Requests of models with no price: the cost of those is unknown. */
  unpricedRequests: z.number().default(0),
};

/** A row with its group key normalised to `group`; null when the events had none (e.g. no team). */
export const usageRowSchema = z
  .object({
    ...metrics,
    teamId: z.string().nullable().optional(),
    tokenId: z.string().nullable().optional(),
    keyId: z.string().nullable().optional(),
    model: z.string().nullable().optional(),
    day: z.string().nullable().optional(),
  })
  .transform(({ teamId, tokenId, keyId, model, day, ...rest }) => ({
    ...rest,
    group: teamId ?? tokenId ?? keyId ?? model ?? day ?? null,
  }));
export const usagePageSchema = pageSchema(usageRowSchema);
export type UsageRow = z.infer<typeof usageRowSchema>;
