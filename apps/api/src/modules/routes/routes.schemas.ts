import { z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { modelNameSchema, providerNameSchema } from '../pricing/pricing.schemas.js';
import { splitModelId } from './route-target.js';

export const MAX_ROUTE_TARGETS = 10;

export const aliasSchema = z
  .string({ message: 'is required' })
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9._:/-]+$/, 'may only contain letters, digits and . _ : / -');

const targetSchema = z
  .string({ message: 'must be a "provider/model" string' })
  .max(251, 'must be at most 251 characters')
  .superRefine((value, ctx) => {
    const target = splitModelId(value);
    if (!target) {
      ctx.addIssue({ code: 'custom', message: 'must be "provider/model"' });
      return;
    }
    const provider = providerNameSchema.safeParse(target.provider);
    if (!provider.success) {
      ctx.addIssue({ code: 'custom', message: `provider ${provider.error.issues[0]?.message}` });
    }
    const model = modelNameSchema.safeParse(target.model);
    if (!model.success) ctx.addIssue({ code: 'custom', message: `model ${model.error.issues[0]?.message}` });
  });

export const upsertRouteSchema = z.strictObject({
  alias: aliasSchema,
  targets: z
    .array(targetSchema, { message: 'must be a list of "provider/model" strings' })
    .min(1, 'must name at least one target')
    .max(MAX_ROUTE_TARGETS, `must name at most ${MAX_ROUTE_TARGETS} targets`)
    .superRefine((targets, ctx) => {
      targets.forEach((target, index) => {
        if (targets.indexOf(target) !== index) {
          ctx.addIssue({ code: 'custom', path: [index], message: 'repeats an earlier target' });
        }
      });
    }),
});

export const listRoutesSchema = pageQuerySchema;

export type UpsertRouteBody = z.infer<typeof upsertRouteSchema>;
export type ListRoutesQuery = z.infer<typeof listRoutesSchema>;
