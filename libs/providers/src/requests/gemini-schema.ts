import { asRecord, isRecord, type JsonObject } from '../shared/json.js';

/** The JSON Schema keywords Gemini's OpenAPI-subset `Schema` accepts; anything else is rejected with a 400. */
const SUPPORTED_KEYWORDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);
/** Recursive schemas cannot be inlined completely; past this depth a `$ref` becomes an unconstrained schema. */
const MAX_REF_DEPTH = 8;

/**
 * Rewrites a JSON Schema (as OpenAI and Anthropic tools carry it) into what Gemini accepts: local `$ref`s inlined,
 * `type: [x, "null"]` turned into `nullable`, `const` into a one-value `enum`, unsupported keywords removed.
 */
export function toGeminiSchema(schema: unknown): JsonObject {
  const root = asRecord(schema);
  const definitions = { ...asRecord(root.definitions), ...asRecord(root.$defs) };
  return convert(root, definitions, 0);
}

function convert(schema: JsonObject, definitions: JsonObject, depth: number): JsonObject {
  if (typeof schema.$ref === 'string') {
    const target = definitions[schema.$ref.replace(/^#\/(\$defs|definitions)\//, '')];
    if (!isRecord(target) || depth >= MAX_REF_DEPTH) return {};
    return convert({ ...target, ...withoutRef(schema) }, definitions, depth + 1);
  }
  const result: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      if (types.length !== value.length) result.nullable = true;
      if (types[0] !== undefined) result.type = types[0];
    } else if (keyword === 'const') {
      result.enum = [value];
    } else if (keyword === 'oneOf') {
      // Gemini has no oneOf; anyOf is the closest it accepts (an explicit anyOf wins).
      if (schema.anyOf === undefined) result.anyOf = convertList(value, definitions, depth);
    } else if (!SUPPORTED_KEYWORDS.has(keyword)) {
      continue;
    } else if (keyword === 'properties' && isRecord(value)) {
      const properties: JsonObject = {};
      for (const [name, property] of Object.entries(value))
        properties[name] = convert(asRecord(property), definitions, depth);
      // Gemini rejects an OBJECT with an empty `properties` map.
      if (Object.keys(properties).length > 0) result.properties = properties;
    } else if (keyword === 'items' && isRecord(value)) {
      result.items = convert(value, definitions, depth);
    } else if (keyword === 'anyOf') {
      result.anyOf = convertList(value, definitions, depth);
    } else {
      result[keyword] = value;
    }
  }
  return result;
}

function convertList(value: unknown, definitions: JsonObject, depth: number): JsonObject[] {
  return (Array.isArray(value) ? value : []).map((item) => convert(asRecord(item), definitions, depth));
}

function withoutRef(schema: JsonObject): JsonObject {
  const rest = { ...schema };
  delete rest.$ref;
  return rest;
}
