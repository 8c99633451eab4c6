import { UnsupportedOperationError } from '../errors/upstream-error.js';
import { estimateTextTokens } from '../usage/token-estimator.js';

/** OpenAI's `input`: one string, a list of strings, or pre-tokenized arrays (which only OpenAI itself understands). */
export function embeddingInputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input;
  throw new UnsupportedOperationError('Only text inputs can be embedded by this provider, not token arrays');
}

export function estimateEmbeddingInputTokens(input: unknown): number {
  if (typeof input === 'string') return estimateTextTokens(input);
  if (!Array.isArray(input)) return 0;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') tokens += estimateTextTokens(item);
    else if (Array.isArray(item)) tokens += item.length;
    else if (typeof item === 'number') tokens++;
  }
  return tokens;
}

/** `encoding_format: "base64"`: the float32 little-endian bytes of the vector, base64-encoded, as OpenAI sends them. */
export function encodeEmbeddingBase64(values: number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
