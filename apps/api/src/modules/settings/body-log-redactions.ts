import { z } from 'zod';

export const MAX_BODY_LOG_REDACTIONS = 50;
/**
 * Patterns run over every logged body. A length cap keeps them simple enough to review, and a nested quantifier
 * (`(a+)+`, `(\w*)*`), the shape that backtracks exponentially, is refused outright.
 */
export const MAX_REDACTION_PATTERN_LENGTH = 200;
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\})(?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,\})/;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'gu');
    return true;
  } catch {
    return false;
  }
}

export const bodyLogRedactionSchema = z.strictObject({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'must be 1-60 lower-case letters, digits, "-" or "_"'),
  pattern: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .min(1, 'must not be empty')
    .max(MAX_REDACTION_PATTERN_LENGTH, `must be at most ${MAX_REDACTION_PATTERN_LENGTH} characters`)
    .refine(compiles, 'must be a valid regular expression (JavaScript syntax, Unicode mode)')
    .refine((pattern) => !NESTED_QUANTIFIER.test(pattern), {
      message: 'must not repeat a group that itself repeats, such as (a+)+: it can take exponential time',
    }),
});

export const bodyLogRedactionsSchema = z
  .array(bodyLogRedactionSchema, { error: 'must be an array of {name, pattern}' })
  .max(MAX_BODY_LOG_REDACTIONS, `must have at most ${MAX_BODY_LOG_REDACTIONS} entries`)
  .refine((list) => new Set(list.map((r) => r.name)).size === list.length, 'must not repeat a name');
