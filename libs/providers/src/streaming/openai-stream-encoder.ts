import { generateId, unixSeconds } from '../shared/ids.js';
import { formatSseData } from '../sse/sse-event.js';
import { finishReasonToOpenAI } from '../responses/finish-reasons.js';
import { toOpenAIUsage, type NormalizedUsage } from '../usage/normalized-usage.js';
import type { ChatStreamEvent, ClientStreamEncoder } from './chat-stream-event.js';

/** Encodes neutral stream events as OpenAI `chat.completion.chunk` events. */
export class OpenAIStreamEncoder implements ClientStreamEncoder {
  private id = generateId('chatcmpl-');
  private model: string;
  private created = unixSeconds();
  private readonly startedChoices = new Set<number>();

  constructor(
    model: string,
    private readonly includeUsage: boolean,
  ) {
    this.model = model;
  }

  encode(event: ChatStreamEvent): string {
    switch (event.type) {
      case 'start':
        this.id = event.id.startsWith('chatcmpl') ? event.id : `chatcmpl-${event.id}`;
        this.model = event.model;
        this.created = event.created;
        return '';
      case 'text':
        return this.chunk(event.choice, { content: event.text });
      case 'tool_call_start':
        return this.chunk(event.choice, {
          tool_calls: [
            {
              index: event.index,
              id: event.id,
              type: 'function',
              function: { name: event.name, arguments: '' },
            },
          ],
        });
      case 'tool_call_arguments':
        return this.chunk(event.choice, {
          tool_calls: [{ index: event.index, function: { arguments: event.delta } }],
        });
      case 'finish':
        return this.chunk(event.choice, {}, finishReasonToOpenAI(event.reason));
      default:
        return '';
    }
  }

  close(usage: NormalizedUsage): string {
    const usageChunk = this.includeUsage
      ? formatSseData(
          JSON.stringify({
            id: this.id,
            object: 'chat.completion.chunk',
            created: this.created,
            model: this.model,
            choices: [],
            usage: toOpenAIUsage(usage),
          }),
        )
      : '';
    return `${usageChunk}${formatSseData('[DONE]')}`;
  }

  /** The first chunk of each choice carries the assistant role, as OpenAI's own streams do. */
  private chunk(choice: number, delta: Record<string, unknown>, finishReason: string | null = null): string {
    let prefix = '';
    if (!this.startedChoices.has(choice)) {
      this.startedChoices.add(choice);
      prefix = this.serialize(choice, { role: 'assistant', content: '' }, null);
    }
    return prefix + this.serialize(choice, delta, finishReason);
  }

  private serialize(choice: number, delta: Record<string, unknown>, finishReason: string | null): string {
    return formatSseData(
      JSON.stringify({
        id: this.id,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.model,
        choices: [{ index: choice, delta, logprobs: null, finish_reason: finishReason }],
      }),
    );
  }
}
