import { asArray, asRecord, asString, parseArgumentsObject } from '../shared/json.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { toAnthropicUsage, usageFromAnthropic, type NormalizedUsage } from '../usage/normalized-usage.js';
import type { ChatResult, ChatToolCall } from './chat-result.js';
import { finishReasonFromAnthropic, finishReasonToAnthropic } from './finish-reasons.js';

export function decodeAnthropicResponse(body: unknown): ChatResult {
  const message = asRecord(body);
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  for (const value of asArray(message.content)) {
    const block = asRecord(value);
    if (block.type === 'text') text += asString(block.text) ?? '';
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: asString(block.id) ?? generateId('toolu_'),
        name: asString(block.name) ?? '',
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  const stopSequence = asString(message.stop_sequence);
  const result: ChatResult = {
    id: asString(message.id) ?? generateId('msg_'),
    model: asString(message.model) ?? '',
    created: unixSeconds(),
    choices: [
      {
        index: 0,
        text,
        toolCalls,
        finishReason: finishReasonFromAnthropic(message.stop_reason),
        ...(stopSequence !== undefined ? { stopSequence } : {}),
      },
    ],
  };
  const usage = usageFromAnthropic(message.usage);
  if (usage) result.usage = usage;
  return result;
}

/** Anthropic has no `n`: only the first choice is encoded. */
export function encodeAnthropicResponse(result: ChatResult, usage: NormalizedUsage): Record<string, unknown> {
  const choice = result.choices[0];
  const content: Record<string, unknown>[] = [];
  if (choice && (choice.text.length > 0 || choice.toolCalls.length === 0))
    content.push({ type: 'text', text: choice.text });
  for (const call of choice?.toolCalls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: parseArgumentsObject(call.arguments),
    });
  }
  const finishReason = choice?.finishReason ?? 'stop';
  return {
    id: result.id.startsWith('msg_') ? result.id : `msg_${result.id}`,
    type: 'message',
    role: 'assistant',
    model: result.model,
    content,
    stop_reason: finishReasonToAnthropic(finishReason),
    stop_sequence: choice?.stopSequence ?? null,
    usage: toAnthropicUsage(usage),
  };
}
