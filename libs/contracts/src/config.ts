import { z } from 'zod';

export const CONFIG_CHANGE_KINDS = [
  'provider',
  'key',
  'team',
  'budget',
  'token',
  'route',
  'price',
  'setting',
] as const;

/** One thing a SWITCHYARD_CONFIG file declares, and what applying it does. */
export const configChangeSchema = z.object({
  kind: z.enum(CONFIG_CHANGE_KINDS),
  /** How people name it: `openai`, `openai …f00d`, `search`, `search/search-backend`, `openai/gpt-4o-mini`. */
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  /** The file's names of the fields that a create sets or an update changes; none when unchanged. */
  fields: z.array(z.string()),
});
export type ConfigChange = z.infer<typeof configChangeSchema>;

/** POST /admin/config/apply: the plan, applied unless a dry run. */
export const configApplySchema = z.object({ dryRun: z.boolean(), changes: z.array(configChangeSchema) });
export type ConfigApply = z.infer<typeof configApplySchema>;

/** One thing wrong with the file. Messages never quote a value from it: values may be keys or tokens. */
export const configProblemSchema = z.object({
  line: z.number(),
  /** The field at fault, dotted as in `teams.0.tokens.1.token`; null for a problem of the whole entry. */
  field: z.string().nullable(),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof configProblemSchema>;

/** What a refused apply (400 `config_rejected`) adds to the error: every problem of the file, by line. */
export const configRejectedSchema = z.object({ problems: z.array(configProblemSchema) });
