import { asArray, asNumber, asRecord, asString, isRecord } from '../shared/json.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { usageFromGemini } from '../usage/normalized-usage.js';
import type { ChatChoice, ChatResult, ChatToolCall } from './chat-result.js';
import { finishReasonFromGemini } from './finish-reasons.js';

/** The text and function calls of one Gemini candidate; thought summaries are not part of the answer. */
export function readGeminiParts(content: unknown): { text: string; toolCalls: ChatToolCall[] } {
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  for (const value of asArray(asRecord(content).parts)) {
    const part = asRecord(value);
    if (part.thought === true) continue;
    if (typeof part.text === 'string') text += part.text;
    else if (isRecord(part.functionCall)) {
      const call = part.functionCall;
      toolCalls.push({
        id: asString(call.id) ?? generateId('call_'),
        name: asString(call.name) ?? '',
        arguments: JSON.stringify(call.args ?? {}),
      });
    }
  }
  return { text, toolCalls };
}

export function decodeGeminiResponse(body: unknown, requestedModel: string): ChatResult {
  const response = asRecord(body);
  const candidates = asArray(response.candidates);
  const choices = candidates.map((value, position): ChatChoice => {
    const candidate = asRecord(value);
    const { text, toolCalls } = readGeminiParts(candidate.content);
    return {
      index: asNumber(candidate.index) ?? position,
      text,
      toolCalls,
      finishReason: finishReasonFromGemini(candidate.finishReason, toolCalls.length > 0) ?? 'stop',
    };
  });
  // A prompt blocked by safety filters comes back with no candidates at all.
  if (choices.length === 0) {
    const blocked = isRecord(response.promptFeedback) && response.promptFeedback.blockReason !== undefined;
    choices.push({ index: 0, text: '', toolCalls: [], finishReason: blocked ? 'content_filter' : 'stop' });
  }
  const result: ChatResult = {
    id: asString(response.responseId) ?? generateId('chatcmpl-'),
    model: asString(response.modelVersion) ?? requestedModel,
    created: unixSeconds(),
    choices,
  };
  const usage = usageFromGemini(response.usageMetadata);
  if (usage) result.usage = usage;
  return result;
}
