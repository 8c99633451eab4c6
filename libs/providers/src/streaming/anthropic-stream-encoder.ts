import { generateId } from '../shared/ids.js';
import { formatSseEvent } from '../sse/sse-event.js';
import type { FinishReason } from '../responses/chat-result.js';
import { finishReasonToAnthropic } from '../responses/finish-reasons.js';
import { toAnthropicUsage, type NormalizedUsage } from '../usage/normalized-usage.js';
import type { ChatStreamEvent, ClientStreamEncoder } from './chat-stream-event.js';

type OpenBlock = { kind: 'text' } | { kind: 'tool'; toolIndex: number };

function sse(type: string, payload: Record<string, unknown>): string {
  return formatSseEvent(type, JSON.stringify({ type, ...payload }));
}

/**
 * Encodes neutral stream events as Anthropic Messages stream events. Anthropic has one choice per message, so other
 * choices are ignored. Input tokens are unknown when `message_start` goes out; the final `message_delta` carries them.
 */
export class AnthropicStreamEncoder implements ClientStreamEncoder {
  private started = false;
  private blockIndex = -1;
  private openBlock: OpenBlock | undefined;
  private finishReason: FinishReason = 'stop';
  private stopSequence: string | null = null;

  constructor(private readonly model: string) {}

  encode(event: ChatStreamEvent): string {
    if (event.type === 'start') return this.start(event.id, event.model);
    if (!('choice' in event) || event.choice !== 0) return '';
    switch (event.type) {
      case 'text':
        return (
          this.start() +
          this.ensureTextBlock() +
          sse('content_block_delta', {
            index: this.blockIndex,
            delta: { type: 'text_delta', text: event.text },
          })
        );
      case 'tool_call_start':
        return (
          this.start() +
          this.closeBlock() +
          this.openNewBlock(
            { kind: 'tool', toolIndex: event.index },
            { type: 'tool_use', id: event.id, name: event.name, input: {} },
          )
        );
      case 'tool_call_arguments':
        // Arguments for a call whose block is already closed cannot be delivered; OpenAI streams calls one at a time.
        if (this.openBlock?.kind !== 'tool' || this.openBlock.toolIndex !== event.index) return '';
        return sse('content_block_delta', {
          index: this.blockIndex,
          delta: { type: 'input_json_delta', partial_json: event.delta },
        });
      case 'finish':
        this.finishReason = event.reason;
        this.stopSequence = event.stopSequence ?? null;
        return this.closeBlock();
    }
  }

  close(usage: NormalizedUsage): string {
    return (
      this.start() +
      this.closeBlock() +
      sse('message_delta', {
        delta: { stop_reason: finishReasonToAnthropic(this.finishReason), stop_sequence: this.stopSequence },
        usage: toAnthropicUsage(usage),
      }) +
      sse('message_stop', {})
    );
  }

  private start(id = generateId('msg_'), model = this.model): string {
    if (this.started) return '';
    this.started = true;
    return sse('message_start', {
      message: {
        id: id.startsWith('msg_') ? id : `msg_${id}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  private ensureTextBlock(): string {
    if (this.openBlock?.kind === 'text') return '';
    return this.closeBlock() + this.openNewBlock({ kind: 'text' }, { type: 'text', text: '' });
  }

  private openNewBlock(block: OpenBlock, contentBlock: Record<string, unknown>): string {
    this.openBlock = block;
    this.blockIndex++;
    return sse('content_block_start', { index: this.blockIndex, content_block: contentBlock });
  }

  private closeBlock(): string {
    if (!this.openBlock) return '';
    this.openBlock = undefined;
    return sse('content_block_stop', { index: this.blockIndex });
  }
}
