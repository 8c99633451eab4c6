import { z } from 'zod';

// The parts of the OpenAI-compatible and health answers this CLI reads. Loose objects: a newer API may add fields
// without breaking it.

const tokenUsageSchema = z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() });

export type TokenUsage = z.infer<typeof tokenUsageSchema>;

export const chatCompletionSchema = z.looseObject({
  model: z.string().optional(),
  choices: z.array(z.looseObject({ message: z.looseObject({ content: z.string().nullish() }) })),
  usage: tokenUsageSchema.nullish(),
});

export const chatChunkSchema = z.looseObject({
  model: z.string().optional(),
  choices: z
    .array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).nullish() }))
    .optional(),
  usage: tokenUsageSchema.nullish(),
});

export const modelListSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
});

export const readinessSchema = z.looseObject({
  status: z.string(),
  checks: z.record(z.string(), z.union([z.string(), z.boolean()])),
});

export type Readiness = z.infer<typeof readinessSchema>;

// The admin API's answers are parsed with its own schemas, from @switchyard/contracts.
export {
  configApplySchema,
  configRejectedSchema,
  importReportSchema,
  keyLimitsSchema,
  keyStatePageSchema,
  keyStateSchema,
  keyTestSchema,
} from '@switchyard/contracts';
export type { ConfigApply, ImportReport, KeyLimits, KeyState } from '@switchyard/contracts';
