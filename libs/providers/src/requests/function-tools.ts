import { asArray, isRecord, type JsonObject } from '../shared/json.js';

/** OpenAI `function` tools; other kinds (`custom` grammar tools…) exist only on OpenAI and are not translated. */
export function functionTools(tools: unknown): JsonObject[] {
  return asArray(tools)
    .filter(isRecord)
    .filter((tool) => tool.type === 'function' && isRecord(tool.function));
}
