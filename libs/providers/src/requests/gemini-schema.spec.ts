import { describe, expect, it } from '@jest/globals';
import { toGeminiSchema } from './gemini-schema.js';

describe('toGeminiSchema', () => {
  it('removes keywords Gemini rejects and keeps the ones it accepts', () => {
    expect(
      toGeminiSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: { n: { type: 'integer', minimum: 1, exclusiveMaximum: 10, description: 'count' } },
        required: ['n'],
      }),
    ).toEqual({
      type: 'object',
      properties: { n: { type: 'integer', minimum: 1, description: 'count' } },
      required: ['n'],
    });
  });

  it('inlines local references, including nested ones', () => {
    expect(
      toGeminiSchema({
        type: 'object',
        properties: {
          home: { $ref: '#/$defs/Address' },
          tags: { type: 'array', items: { $ref: '#/definitions/Tag' } },
        },
        $defs: { Address: { type: 'object', properties: { city: { type: 'string' } } } },
        definitions: { Tag: { type: 'string', enum: ['a', 'b'] } },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        home: { type: 'object', properties: { city: { type: 'string' } } },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
      },
    });
  });

  it('stops inlining a recursive reference after a bounded depth', () => {
    const schema = toGeminiSchema({
      $ref: '#/$defs/Node',
      $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } } },
    });
    expect(JSON.stringify(schema).length).toBeLessThan(2000);
    expect(schema.type).toBe('object');
  });

  it('turns nullable unions, const and oneOf into their Gemini forms', () => {
    expect(toGeminiSchema({ anyOf: [{ type: ['integer', 'null'] }, { const: 'auto' }] })).toEqual({
      anyOf: [{ type: 'integer', nullable: true }, { enum: ['auto'] }],
    });
    expect(toGeminiSchema({ oneOf: [{ type: 'string' }, { type: 'number' }] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
    });
  });

  it('drops an empty properties map, which Gemini rejects', () => {
    expect(toGeminiSchema({ type: 'object', properties: {} })).toEqual({ type: 'object' });
  });
});
