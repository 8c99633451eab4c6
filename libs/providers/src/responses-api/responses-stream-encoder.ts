import { openAIErrorType, type ClientError } from '../errors/client-errors.js';
import type { FinishReason } from '../responses/chat-result.js';
import { formatSseEvent } from '../sse/sse-event.js';
import { unixSeconds } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import type { ChatStreamEvent, ClientStreamEncoder } from '../streaming/chat-stream-event.js';
import { toResponsesUsage, type NormalizedUsage } from '../usage/normalized-usage.js';
import {
  newFunctionCallId,
  newMessageId,
  newResponseId,
  outputTextPart,
  responseObject,
  statusOf,
  type FunctionCallItem,
  type MessageItem,
  type OutputItem,
  type ResponseObject,
  type ResponseStatus,
} from './response-object.js';

/**
 * Encodes neutral stream events as the Responses API's event stream, in the order the official SDK accumulates:
 * `response.created` and `response.in_progress` on the first event, then per output item `output_item.added`, its
 * deltas and `.done` events and `output_item.done`, and `response.completed` (or `response.incomplete`) carrying the
 * usage. Every event has the next `sequence_number`. Text is one message item, closed when a tool call starts; tool
 * calls stay open until the answer finishes, since an upstream may interleave their arguments.
 */
export class ResponsesStreamEncoder implements ClientStreamEncoder {
  private readonly id = newResponseId();
  private model: string;
  private createdAt = unixSeconds();
  private sequence = 0;
  private started = false;
  private finishReason: FinishReason | null = null;
  private readonly output: OutputItem[] = [];
  private message: { item: MessageItem; index: number } | undefined;
  private readonly openCalls = new Map<number, { item: FunctionCallItem; index: number }>();

  constructor(
    model: string,
    private readonly request: JsonObject,
  ) {
    this.model = model;
  }

  encode(event: ChatStreamEvent): string {
    if (event.type === 'start') {
      this.model = event.model;
      this.createdAt = event.created;
    }
    if (event.type === 'error' || event.type === 'usage' || event.type === 'end') return '';
    let out = this.start();
    if ('choice' in event && event.choice !== 0) return out;
    switch (event.type) {
      case 'text':
        out += this.text(event.text);
        break;
      case 'tool_call_start':
        out += this.closeMessage() + this.openCall(event.index, event.id, event.name);
        break;
      case 'tool_call_arguments':
        out += this.callArguments(event.index, event.delta);
        break;
      case 'finish':
        this.finishReason = event.reason;
        out += this.closeItems();
        break;
    }
    return out;
  }

  close(usage: NormalizedUsage): string {
    const out = this.start() + this.closeItems();
    const { status, incomplete_details } = statusOf(this.finishReason ?? 'stop');
    const response = { ...this.snapshot(status), incomplete_details, usage: toResponsesUsage(usage) };
    return (
      out + this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response })
    );
  }

  /**
   * A failure after the stream began: `response.failed` with what was produced so far, then an `error` event, which
   * the SDK raises. Before anything was sent, only the `error` event.
   */
  fail(error: ClientError): string {
    const code = error.code ?? openAIErrorType(error.status);
    const body = { code, message: error.message, param: null };
    let out = '';
    if (this.started) {
      const response = { ...this.snapshot('failed'), error: { code, message: error.message } };
      out += this.event('response.failed', { response });
    }
    return out + this.event('error', body);
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const response = this.snapshot('in_progress');
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private text(delta: string): string {
    let out = '';
    if (!this.message) {
      const item: MessageItem = {
        id: newMessageId(),
        type: 'message',
        status: 'in_progress',
        role: 'assistant',
        content: [],
      };
      const index = this.add(item);
      this.message = { item, index };
      out += this.event('response.output_item.added', {
        output_index: index,
        item: { ...item, content: [] },
      });
      out += this.event('response.content_part.added', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: outputTextPart(''),
      });
      item.content.push(outputTextPart(''));
    }
    const { item, index } = this.message;
    (item.content[0] as { text: string }).text += delta;
    return (
      out +
      this.event('response.output_text.delta', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        delta,
        logprobs: [],
      })
    );
  }

  private closeMessage(): string {
    if (!this.message) return '';
    const { item, index } = this.message;
    this.message = undefined;
    const text = item.content[0]?.text ?? '';
    item.status = this.itemStatus();
    return (
      this.event('response.output_text.done', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        text,
        logprobs: [],
      }) +
      this.event('response.content_part.done', {
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: outputTextPart(text),
      }) +
      this.event('response.output_item.done', { output_index: index, item: structuredClone(item) })
    );
  }

  private openCall(toolIndex: number, callId: string, name: string): string {
    const item: FunctionCallItem = {
      id: newFunctionCallId(),
      type: 'function_call',
      status: 'in_progress',
      call_id: callId,
      name,
      arguments: '',
    };
    const index = this.add(item);
    this.openCalls.set(toolIndex, { item, index });
    return this.event('response.output_item.added', { output_index: index, item: { ...item } });
  }

  private callArguments(toolIndex: number, delta: string): string {
    const call = this.openCalls.get(toolIndex);
    if (!call) return '';
    call.item.arguments += delta;
    return this.event('response.function_call_arguments.delta', {
      item_id: call.item.id,
      output_index: call.index,
      delta,
    });
  }

  private closeItems(): string {
    let out = this.closeMessage();
    for (const { item, index } of this.openCalls.values()) {
      item.status = 'completed';
      out +=
        this.event('response.function_call_arguments.done', {
          item_id: item.id,
          output_index: index,
          name: item.name,
          arguments: item.arguments,
        }) + this.event('response.output_item.done', { output_index: index, item: { ...item } });
    }
    this.openCalls.clear();
    return out;
  }

  private itemStatus(): 'completed' | 'incomplete' {
    return statusOf(this.finishReason).status === 'incomplete' ? 'incomplete' : 'completed';
  }

  private add(item: OutputItem): number {
    this.output.push(item);
    return this.output.length - 1;
  }

  private snapshot(status: ResponseStatus): ResponseObject {
    return {
      ...responseObject(this.request, { id: this.id, createdAt: this.createdAt, model: this.model, status }),
      output: status === 'in_progress' ? [] : structuredClone(this.output),
    };
  }

  private event(type: string, fields: JsonObject): string {
    return formatSseEvent(type, JSON.stringify({ type, sequence_number: this.sequence++, ...fields }));
  }
}
