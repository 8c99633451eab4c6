import { applyDecorators, Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { UNSTORABLE_TEXT, unstorableTextAt } from './storable-text.js';
import { ValidationFailed, validationFailure, ZodValidationPipe } from './zod-validation.pipe.js';

type JsonSchema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
}

/** The validated JSON body; the same schema documents it in OpenAPI (see `DocumentBody`). */
export const ZodBody = (schema: z.ZodType) => Body(new ZodValidationPipe(schema, 'body'));

export const ZodQuery = (schema: z.ZodType) => Query(new ZodValidationPipe(schema, 'query'));

export const DocumentBody = (schema: z.ZodType) => ApiBody({ schema: jsonSchemaOf(schema) });

export function DocumentQuery(schema: z.ZodObject) {
  const properties = (jsonSchemaOf(schema).properties ?? {}) as Record<string, JsonSchema>;
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) =>
      ApiQuery({ name, required: false, schema: property }),
    ),
  );
}

class PathParamPipe {
  constructor(
    private readonly name: string,
    private readonly schema: z.ZodType,
  ) {}

  transform(value: unknown): unknown {
    if (unstorableTextAt(value))
      throw new ValidationFailed(this.name, `Invalid path parameter: ${this.name}: ${UNSTORABLE_TEXT}`);
    const result = z.object({ [this.name]: this.schema }).safeParse({ [this.name]: value });
    if (!result.success) throw validationFailure(result.error, 'path parameter');
    return result.data[this.name];
  }
}

/** A validated path parameter; a bad one is a 400 naming the parameter, never a 500 from the database. */
export const ZodParam = (name: string, schema: z.ZodType) => Param(name, new PathParamPipe(name, schema));

export const UuidParam = (name: string) => ZodParam(name, z.uuid('must be a UUID'));
