import { z } from 'zod';
import { pageSchema } from './page.js';

export const USAGE_GROUPS = ['day', 'team', 'token', 'key', 'model', 'user'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** `groupBy` names one to this many dimensions, comma-separated: one row per combination. */
export const MAX_USAGE_GROUPS = 3;

/** The field of a usage row that holds its group key, named after the grouping. */
export const GROUP_FIELD = {
  team: 'teamId',
  token: 'tokenId',
  key: 'keyId',
  model: 'model',
  day: 'day',
  user: 'user',
} as const satisfies Record<UsageGroup, string>;

/** The longest `user` a request may name; a longer one is cut to this many characters. */
export const MAX_USER_LENGTH = 200;

/**
 * `groupBy` as the API reads it: `team`, or a comma list of up to {@link MAX_USAGE_GROUPS} distinct dimensions
 * (`key,model,day`). Answers the dimensions, or the problem with the value.
 */
export function parseUsageGroups(value: string): UsageGroup[] | { problem: string } {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(USAGE_GROUPS as readonly string[]).includes(name));
  if (unknown !== undefined) return { problem: `"${unknown}" is not one of ${USAGE_GROUPS.join(', ')}` };
  if (names.length > MAX_USAGE_GROUPS)
    return { problem: `names at most ${MAX_USAGE_GROUPS} dimensions, comma-separated` };
  if (new Set(names).size !== names.length) return { problem: 'names a dimension twice' };
  return names as UsageGroup[];
}

/**
 * GET /admin/usage: one row per group, its key in the fields `GROUP_FIELD` names for each dimension of
 * `groupBy` (null when the events had none, e.g. no team or no user); `model` is `provider/model`, `day` a UTC
 * `YYYY-MM-DD`.
 */
export const usageRowSchema = z.object({
  teamId: z.string().nullable().optional(),
  tokenId: z.string().nullable().optional(),
  keyId: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  day: z.string().nullable().optional(),
  /** The person the requests named (`x-switchyard-user`, or the body's own user field). */
  user: z.string().nullable().optional(),
  requests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Upstream and gateway failures. */
  errors: z.number(),
  /** Requests the gateway's own rules refused (budget, rate limit, allow-list): never counted as errors. */
  refusals: z.number(),
  /** Requests of models with no price: the cost of those is unknown, not zero. */
  unpricedRequests: z.number(),
});
export const usagePageSchema = pageSchema(usageRowSchema);
export type UsageRow = z.infer<typeof usageRowSchema>;

/**
 * GET /admin/usage/:requestId/body: the logged bodies of one /v1 request, redacted. `request` is the body the
 * client sent; `response` the answer, a streamed one reassembled into one JSON answer. Each is cut at
 * `REQUEST_BODY_MAX_BYTES`, and flagged when it was.
 */
export const requestBodySchema = z.object({
  requestId: z.string(),
  at: z.string(),
  teamId: z.string().nullable(),
  tokenId: z.string().nullable(),
  endpoint: z.string(),
  stream: z.boolean(),
  request: z.string(),
  response: z.string(),
  requestTruncated: z.boolean(),
  responseTruncated: z.boolean(),
});
export type RequestBody = z.infer<typeof requestBodySchema>;

/** What is kept of each body of a logged request, in UTF-8 bytes. */
export const REQUEST_BODY_MAX_BYTES = 256 * 1024;
