import { z } from 'zod';
import { ApiError } from './api-errors';
import { describeError } from './describe-error';

/** What every form's server action answers; field errors are keyed by the input's name. */
export interface FormState {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** The submitted text, echoed so a refused form keeps what was typed. Secrets are never echoed. */
  values?: Record<string, string>;
  /** A credential the API shows exactly once (a new token or API key), displayed once by the form. */
  secret?: string;
}

export const IDLE_FORM: FormState = { status: 'idle' };

/** Inputs whose values must not travel back to the browser once submitted. */
const NEVER_ECHOED = /secret|password|token|content/i;

export function formValues(formData: Pick<FormData, 'entries'>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === 'string' && !name.startsWith('$') && !NEVER_ECHOED.test(name)) values[name] = value;
  }
  return values;
}

function rawValues(formData: Pick<FormData, 'entries'>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value !== 'string' || name.startsWith('$')) continue;
    const existing = values[name];
    if (existing === undefined) values[name] = value;
    else values[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return values;
}

export type ParsedForm<T> =
  { success: true; data: T; values: Record<string, string> } | { success: false; state: FormState };

/** Validates a submitted form with zod; the first message per field becomes that field's error. */
export function parseForm<T>(schema: z.ZodType<T>, formData: Pick<FormData, 'entries'>): ParsedForm<T> {
  const values = formValues(formData);
  const result = schema.safeParse(rawValues(formData));
  if (result.success) return { success: true, data: result.data, values };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fieldErrors[field] ??= issue.message;
  }
  const formLevel = fieldErrors.form;
  delete fieldErrors.form;
  return {
    success: false,
    state: {
      status: 'error',
      message: formLevel ?? 'Check the highlighted fields.',
      fieldErrors,
      values,
    },
  };
}

/**
 * Turns a refused API call into form state. The API names the offending field in `param`; when the form has
 * an input of that name the message goes next to it.
 */
export function failedFormState(
  error: unknown,
  values: Record<string, string>,
  fieldNames: readonly string[] = Object.keys(values),
): FormState {
  if (error instanceof ApiError && error.param) {
    const field = error.param.split('.')[0]!;
    if (fieldNames.includes(field)) {
      return {
        status: 'error',
        message: 'The API refused the change.',
        fieldErrors: { [field]: capitalise(withoutFieldPrefix(error.message, error.param)) },
        values,
      };
    }
  }
  return { status: 'error', message: describeError(error), values };
}

/** The API's validation messages read "Invalid body: limitUsd: must be …"; next to the field, "Must be …" says it. */
function withoutFieldPrefix(message: string, param: string): string {
  const prefix = /^Invalid (?:body|query|parameter)[^:]*: /.exec(message);
  const rest = prefix ? message.slice(prefix[0].length) : message;
  return rest.startsWith(`${param}: `) ? rest.slice(param.length + 2) : rest;
}

function capitalise(message: string): string {
  const trimmed = message.trim();
  return trimmed ? trimmed[0]!.toUpperCase() + trimmed.slice(1) : trimmed;
}

// Field parsers for FormData: every value arrives as a string, and an empty input means "not given".

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Use at most ${max} characters.`);

export const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `Use at most ${max} characters.`).optional());

export const optionalInteger = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'Enter a whole number.' })
      .int('Enter a whole number.')
      .min(min, `Enter at least ${min}.`)
      .max(max, `Enter at most ${max}.`)
      .optional(),
  );

/** A USD amount with at most six decimals, the precision the API accounts in. */
export const usdAmount = (min: number, max: number) =>
  z
    .string({ error: 'Enter an amount in USD.' })
    .trim()
    .transform((value) => value.replace(/^\$/, '').replaceAll(',', ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter an amount in USD.')
        .regex(/^-?\d+(\.\d{1,6})?$/, 'Enter a number with at most 6 decimals, like 25 or 0.50.')
        .transform(Number)
        .pipe(
          z
            .number()
            .min(min, `Enter at least ${min}.`)
            .max(max, `Enter at most ${max.toLocaleString('en-US')}.`),
        ),
    );

export const optionalUsdAmount = (min: number, max: number) =>
  z.preprocess(blankToUndefined, usdAmount(min, max).optional());

export const checkbox = z.preprocess((value) => value === 'on' || value === 'true', z.boolean());

/** One entry per line or comma, trimmed, empty ones dropped, repeats removed. */
export const textList = (maxItems: number, maxLength: number) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? [
            ...new Set(
              value
                .split(/[\n,]/)
                .map((item) => item.trim())
                .filter(Boolean),
            ),
          ]
        : [],
    z
      .array(z.string().max(maxLength, `Each entry must be at most ${maxLength} characters.`))
      .max(maxItems, `List at most ${maxItems} entries.`),
  );

/** A calendar date from `<input type="date">`, returned as the ISO instant of its UTC midnight. */
export const optionalFutureDate = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.')
    .transform((day) => `${day}T00:00:00.000Z`)
    .refine((iso) => Date.parse(iso) > Date.now(), 'Pick a date in the future.')
    .optional(),
);
