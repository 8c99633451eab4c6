import { asArray, asNumber, asRecord, asString } from '../shared/json.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { toOpenAIUsage, usageFromOpenAI, type NormalizedUsage } from '../usage/normalized-usage.js';
import type { ChatChoice, ChatResult, ChatToolCall } from './chat-result.js';
import { finishReasonFromOpenAI, finishReasonToOpenAI } from './finish-reasons.js';

export function decodeOpenAIResponse(body: unknown): ChatResult {
  const response = asRecord(body);
  const choices = asArray(response.choices).map((value, position): ChatChoice => {
    const choice = asRecord(value);
    const message = asRecord(choice.message);
    const toolCalls = asArray(message.tool_calls).map((call): ChatToolCall => {
      const record = asRecord(call);
      const fn = asRecord(record.function);
      return {
        id: asString(record.id) ?? generateId('call_'),
        name: asString(fn.name) ?? '',
        arguments: asString(fn.arguments) ?? '',
      };
    });
    return {
      index: asNumber(choice.index) ?? position,
      text: asString(message.content) ?? asString(message.refusal) ?? '',
      toolCalls,
      finishReason: finishReasonFromOpenAI(choice.finish_reason),
    };
  });
  const result: ChatResult = {
    id: asString(response.id) ?? generateId('chatcmpl-'),
    model: asString(response.model) ?? '',
    created: asNumber(response.created) ?? unixSeconds(),
    choices,
  };
  const usage = usageFromOpenAI(response.usage);
  if (usage) result.usage = usage;
  return result;
}

export function encodeOpenAIResponse(result: ChatResult, usage: NormalizedUsage): Record<string, unknown> {
  return {
    id: result.id.startsWith('chatcmpl') ? result.id : `chatcmpl-${result.id}`,
    object: 'chat.completion',
    created: result.created,
    model: result.model,
    choices: result.choices.map((choice) => ({
      index: choice.index,
      message: {
        role: 'assistant',
        content: choice.text.length > 0 || choice.toolCalls.length === 0 ? choice.text : null,
        ...(choice.toolCalls.length > 0
          ? {
              tool_calls: choice.toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.arguments },
              })),
            }
          : {}),
        refusal: null,
      },
      logprobs: null,
      finish_reason: choice.finishReason ? finishReasonToOpenAI(choice.finishReason) : 'stop',
    })),
    usage: toOpenAIUsage(usage),
  };
}
