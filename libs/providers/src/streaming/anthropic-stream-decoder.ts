import { asNumber, asRecord, asString, isRecord, tryParseJson, type JsonObject } from '../shared/json.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { finishReasonFromAnthropic } from '../responses/finish-reasons.js';
import { usageFromAnthropic } from '../usage/normalized-usage.js';
import type { ChatStreamEvent, UpstreamStreamDecoder } from './chat-stream-event.js';

/** Folds the usage of `message_start` and the cumulative counters of `message_delta` into one Anthropic usage object. */
export function mergeAnthropicUsage(target: JsonObject, update: unknown): void {
  for (const [key, value] of Object.entries(asRecord(update))) {
    if (value !== null && value !== undefined) target[key] = value;
  }
}

/** Decodes Anthropic Messages stream events. Thinking blocks are skipped: chat clients have no place for them. */
export class AnthropicStreamDecoder implements UpstreamStreamDecoder {
  private readonly usage: JsonObject = {};
  private readonly toolIndexByBlock = new Map<number, number>();
  private stopped = false;

  constructor(private readonly model: string) {}

  get complete(): boolean {
    return this.stopped;
  }

  decode(data: string): ChatStreamEvent[] {
    const event = tryParseJson(data);
    if (!isRecord(event)) return [];
    switch (event.type) {
      case 'message_start':
        return this.start(asRecord(event.message));
      case 'content_block_start':
        return this.blockStart(asNumber(event.index) ?? 0, asRecord(event.content_block));
      case 'content_block_delta':
        return this.blockDelta(asNumber(event.index) ?? 0, asRecord(event.delta));
      case 'message_delta':
        return this.messageDelta(event);
      case 'message_stop':
        this.stopped = true;
        return [{ type: 'end' }];
      case 'error':
        return [{ type: 'error', body: event }];
      default:
        return [];
    }
  }

  private start(message: JsonObject): ChatStreamEvent[] {
    mergeAnthropicUsage(this.usage, message.usage);
    return [
      {
        type: 'start',
        id: asString(message.id) ?? generateId('msg_'),
        model: asString(message.model) ?? this.model,
        created: unixSeconds(),
      },
    ];
  }

  private blockStart(blockIndex: number, block: JsonObject): ChatStreamEvent[] {
    if (block.type === 'tool_use') {
      const toolIndex = this.toolIndexByBlock.size;
      this.toolIndexByBlock.set(blockIndex, toolIndex);
      return [
        {
          type: 'tool_call_start',
          choice: 0,
          index: toolIndex,
          id: asString(block.id) ?? generateId('toolu_'),
          name: asString(block.name) ?? '',
        },
      ];
    }
    const text = block.type === 'text' ? asString(block.text) : undefined;
    return text ? [{ type: 'text', choice: 0, text }] : [];
  }

  private blockDelta(blockIndex: number, delta: JsonObject): ChatStreamEvent[] {
    if (delta.type === 'text_delta') {
      const text = asString(delta.text);
      return text ? [{ type: 'text', choice: 0, text }] : [];
    }
    if (delta.type === 'input_json_delta') {
      const toolIndex = this.toolIndexByBlock.get(blockIndex);
      const partial = asString(delta.partial_json);
      return toolIndex !== undefined && partial
        ? [{ type: 'tool_call_arguments', choice: 0, index: toolIndex, delta: partial }]
        : [];
    }
    return [];
  }

  private messageDelta(event: JsonObject): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    const delta = asRecord(event.delta);
    const reason = finishReasonFromAnthropic(delta.stop_reason);
    if (reason) {
      const stopSequence = asString(delta.stop_sequence);
      events.push({
        type: 'finish',
        choice: 0,
        reason,
        ...(stopSequence !== undefined ? { stopSequence } : {}),
      });
    }
    mergeAnthropicUsage(this.usage, event.usage);
    const usage = usageFromAnthropic(this.usage);
    if (usage) events.push({ type: 'usage', usage });
    return events;
  }
}
