import { z } from 'zod';

/** Every list endpoint of the control plane answers one page and the cursor of the next. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** DELETE routes answer 204 or a JSON body the dashboard does not need. */
export const anyBodySchema = z.unknown();
