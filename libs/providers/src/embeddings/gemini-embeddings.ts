import { asArray, asNumber, asRecord, compact, type JsonObject } from '../shared/json.js';
import {
  embeddingInputTexts,
  encodeEmbeddingBase64,
  estimateEmbeddingInputTokens,
} from './embedding-input.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';

/** An OpenAI embeddings request as a Gemini `batchEmbedContents` body (which also serves a single input). */
export function openAIEmbeddingsToGemini(body: JsonObject, model: string): JsonObject {
  const dimensions = asNumber(body.dimensions);
  return {
    requests: embeddingInputTexts(body.input).map((text) =>
      compact({ model: `models/${model}`, content: { parts: [{ text }] }, outputDimensionality: dimensions }),
    ),
  };
}

/** Gemini reports no token counts for embeddings, so usage is always estimated. */
export function geminiEmbeddingsToOpenAI(
  body: unknown,
  request: JsonObject,
  model: string,
): { body: JsonObject; usage: NormalizedUsage } {
  const base64 = request.encoding_format === 'base64';
  const data = asArray(asRecord(body).embeddings).map((value, index) => {
    const values = asArray(asRecord(value).values).filter((item): item is number => typeof item === 'number');
    return { object: 'embedding', index, embedding: base64 ? encodeEmbeddingBase64(values) : values };
  });
  const promptTokens = estimateEmbeddingInputTokens(request.input);
  return {
    body: { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } },
    usage: {
      promptTokens,
      completionTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      estimated: true,
    },
  };
}
