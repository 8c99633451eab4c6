import { z } from 'zod';
import { pageSchema } from './page.js';

/**
 * How a request ended: `ok` (answered below 400), `error` (the upstream or the gateway failed it), `refused` (the
 * gateway's own rules turned it away before any upstream call: budget, rate limit, allow-list, a bad body).
 */
export const REQUEST_STATUSES = ['ok', 'error', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** GET /admin/requests: one request, newest first. Ids come with their names; a key is hidden from team roles. */
export const requestRowSchema = z.object({
  requestId: z.string(),
  at: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  tokenId: z.string().nullable(),
  tokenName: z.string().nullable(),
  user: z.string().nullable(),
  /** `provider/model` as served, or the model asked for when no key served it. */
  model: z.string().nullable(),
  keyId: z.string().nullable(),
  keyLabel: z.string().nullable(),
  endpoint: z.string(),
  stream: z.boolean(),
  attempts: z.number(),
  status: z.enum(REQUEST_STATUSES),
  httpStatus: z.number(),
  errorClass: z.string().nullable(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  cachedTokens: z.number(),
  costUsd: z.number(),
  unpriced: z.boolean(),
  latencyMs: z.number(),
});
export const requestPageSchema = pageSchema(requestRowSchema);
export type RequestRow = z.infer<typeof requestRowSchema>;

/** GET /admin/requests/:requestId: the row and the rest of what was recorded of it. */
export const requestDetailSchema = requestRowSchema.extend({
  provider: z.string().nullable(),
  reasoningTokens: z.number(),
  /** True when the upstream reported no usage and the tokens were counted by the gateway. */
  estimated: z.boolean(),
  ttftMs: z.number().nullable(),
  upstreamMs: z.number().nullable(),
  overheadMs: z.number().nullable(),
  /** The prices the request was charged at, USD per million tokens; null when the model had no price. */
  inputUsdPerMTok: z.number().nullable(),
  outputUsdPerMTok: z.number().nullable(),
  cachedInputUsdPerMTok: z.number().nullable(),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;
