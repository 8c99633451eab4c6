import { asArray, asNumber, asRecord, asString, isRecord, tryParseJson } from '../shared/json.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { finishReasonFromOpenAI } from '../responses/finish-reasons.js';
import { usageFromOpenAI } from '../usage/normalized-usage.js';
import type { ChatStreamEvent, UpstreamStreamDecoder } from './chat-stream-event.js';

/** Decodes OpenAI `chat.completion.chunk` events. */
export class OpenAIStreamDecoder implements UpstreamStreamDecoder {
  private started = false;
  private finished = false;
  private readonly startedToolCalls = new Set<string>();

  constructor(private readonly model: string) {}

  get complete(): boolean {
    return this.finished;
  }

  decode(data: string): ChatStreamEvent[] {
    if (data === '[DONE]') {
      this.finished = true;
      return [{ type: 'end' }];
    }
    const chunk = tryParseJson(data);
    if (!isRecord(chunk)) return [];
    if (chunk.error !== undefined) return [{ type: 'error', body: chunk }];
    const events: ChatStreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({
        type: 'start',
        id: asString(chunk.id) ?? generateId('chatcmpl-'),
        model: asString(chunk.model) ?? this.model,
        created: asNumber(chunk.created) ?? unixSeconds(),
      });
    }
    for (const value of asArray(chunk.choices)) this.decodeChoice(asRecord(value), events);
    // Groq reports stream usage under `x_groq`.
    const usage = usageFromOpenAI(chunk.usage) ?? usageFromOpenAI(asRecord(chunk.x_groq).usage);
    if (usage) events.push({ type: 'usage', usage });
    return events;
  }

  private decodeChoice(choice: Record<string, unknown>, events: ChatStreamEvent[]): void {
    const index = asNumber(choice.index) ?? 0;
    const delta = asRecord(choice.delta);
    const text = asString(delta.content);
    if (text) events.push({ type: 'text', choice: index, text });
    for (const value of asArray(delta.tool_calls)) {
      const call = asRecord(value);
      const toolIndex = asNumber(call.index) ?? 0;
      const fn = asRecord(call.function);
      const key = `${index}:${toolIndex}`;
      if (!this.startedToolCalls.has(key)) {
        this.startedToolCalls.add(key);
        events.push({
          type: 'tool_call_start',
          choice: index,
          index: toolIndex,
          id: asString(call.id) ?? generateId('call_'),
          name: asString(fn.name) ?? '',
        });
      }
      const argumentsDelta = asString(fn.arguments);
      if (argumentsDelta)
        events.push({ type: 'tool_call_arguments', choice: index, index: toolIndex, delta: argumentsDelta });
    }
    const reason = finishReasonFromOpenAI(choice.finish_reason);
    if (reason) {
      this.finished = true;
      events.push({ type: 'finish', choice: index, reason });
    }
  }
}
