import { z } from 'zod';

/** Every error body of the API, data plane and control plane alike: OpenAI's shape. */
export const apiErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.string().nullable(),
    param: z.string().nullable(),
  }),
});

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
