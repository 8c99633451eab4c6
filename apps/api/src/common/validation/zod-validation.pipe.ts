import { type PipeTransform } from '@nestjs/common';
import { type z } from 'zod';
import { type HttpError, type MapsToHttpError } from '../errors/http-error.js';
import { UNSTORABLE_TEXT, unstorableTextAt } from './storable-text.js';

/** A request that fails its schema: 400, naming the first offending field in `param` and the message. */
export class ValidationFailed extends Error implements MapsToHttpError {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }

  toHttpError(): HttpError {
    return {
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      message: this.message,
      param: this.field,
    };
  }
}

export function validationFailure(error: z.ZodError, where: string): ValidationFailed {
  const issue = error.issues[0];
  // Unknown fields are reported on their parent, with the field names in `keys`.
  const path = issue
    ? [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])]
    : [];
  const field = path.length > 0 ? path.map(String).join('.') : null;
  const detail = error.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
  return new ValidationFailed(field, `Invalid ${where}: ${detail}`);
}

export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly where: 'body' | 'query' | 'path parameter' = 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    // Checked before the schema, so a name, a note or a filter holding such text is a 400, never a database error.
    const unstorable = unstorableTextAt(value);
    if (unstorable) {
      const field = unstorable.length > 0 ? unstorable.map(String).join('.') : null;
      throw new ValidationFailed(field, `Invalid ${this.where}: ${field ?? 'value'}: ${UNSTORABLE_TEXT}`);
    }
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw validationFailure(result.error, this.where);
    return result.data;
  }
}
