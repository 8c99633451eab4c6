import { isObject, textOfParts, type ChatRequestSummary, type ReplyPlan } from '../reply-plan.js';
import { openAIWire } from './openai-wire.js';
import type { ErrorAnswer, MockWireFormat } from './wire-format.js';

const CREATED = 1_700_000_000;
/** Stored responses kept for retrieval and `previous_response_id`; the oldest go first. */
const STORE_CAPACITY = 1000;

const invalid = (message: string, param: string | null, status = 400): ErrorAnswer => ({
  status,
  body: { error: { message, type: 'invalid_request_error', param, code: null } },
});

type Json = Record<string, unknown>;

/** The last input item, if it is a user message: what the reply plan reacts to ("echo:", "use the tool"). */
function lastUserText(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return undefined;
  const last: unknown = input[input.length - 1];
  if (!isObject(last) || last.role !== 'user') return undefined;
  return textOfParts(last.content);
}

/** Every text the prompt carries, for its token count: messages, call arguments and call outputs. */
function promptText(body: Json): string {
  const texts = [typeof body.instructions === 'string' ? body.instructions : ''];
  if (typeof body.input === 'string') texts.push(body.input);
  for (const item of Array.isArray(body.input) ? body.input.filter(isObject) : []) {
    texts.push(textOfParts(item.content));
    if (typeof item.arguments === 'string') texts.push(item.arguments);
    if (typeof item.output === 'string') texts.push(item.output);
  }
  return texts.filter(Boolean).join('\n');
}

/** Cached prompt tokens are reported when the request names a `prompt_cache_key`: half the prompt, deterministically. */
function usage(plan: ReplyPlan, request: Json): Json {
  const cached = typeof request.prompt_cache_key === 'string' ? Math.floor(plan.promptTokens / 2) : 0;
  return {
    input_tokens: plan.promptTokens,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: plan.completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
}

interface ResponseParts {
  response: Json;
  message: Json | undefined;
  call: Json | undefined;
}

/**
 * The OpenAI Responses API (`POST /v1/responses`, `GET /v1/responses/{id}`), with the state it keeps: answers are
 * stored unless the request says `store: false`, can be retrieved, and can be continued with `previous_response_id`.
 * Failures are OpenAI's own answers.
 */
export class ResponsesWire implements MockWireFormat {
  private readonly stored = new Map<string, Json>();

  summarize(body: unknown): ChatRequestSummary | ErrorAnswer {
    if (!isObject(body) || typeof body.model !== 'string')
      return invalid("Missing required parameter: 'model'.", 'model');
    if (typeof body.input !== 'string' && !Array.isArray(body.input))
      return invalid("Invalid type for 'input': expected a string or an array of input items.", 'input');
    const previous = body.previous_response_id;
    if (typeof previous === 'string' && !this.stored.has(previous))
      return invalid(`Previous response with id '${previous}' not found.`, 'previous_response_id');
    const tools = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isObject)
      .filter((tool) => tool.type === 'function')
      .map((tool) => ({ name: String(tool.name ?? ''), schema: tool.parameters }));
    return {
      model: body.model,
      lastUserText: lastUserText(body.input),
      tools,
      maxTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined,
      promptText: promptText(body),
    };
  }

  completion(plan: ReplyPlan, id: string, request?: unknown): unknown {
    const { response } = this.parts(plan, id, isObject(request) ? request : {});
    return response;
  }

  streamEvents(plan: ReplyPlan, id: string, request: unknown): string[] {
    const { response, message, call } = this.parts(plan, id, isObject(request) ? request : {});
    const events: string[] = [];
    const emit = (type: string, fields: Json): void => {
      events.push(
        `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: events.length, ...fields })}\n\n`,
      );
    };
    const started = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null };
    emit('response.created', { response: started });
    emit('response.in_progress', { response: started });
    let outputIndex = 0;
    if (message) {
      const at = { item_id: message.id, output_index: outputIndex };
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...message, status: 'in_progress', content: [] },
      });
      emit('response.content_part.added', { ...at, content_index: 0, part });
      for (const piece of plan.pieces)
        emit('response.output_text.delta', { ...at, content_index: 0, delta: piece, logprobs: [] });
      const text = plan.pieces.join('');
      emit('response.output_text.done', { ...at, content_index: 0, text, logprobs: [] });
      emit('response.content_part.done', { ...at, content_index: 0, part: { ...part, text } });
      emit('response.output_item.done', { output_index: outputIndex, item: message });
      outputIndex++;
    }
    if (call) {
      const at = { item_id: call.id, output_index: outputIndex };
      const args = String(call.arguments);
      const half = Math.ceil(args.length / 2);
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...call, status: 'in_progress', arguments: '' },
      });
      emit('response.function_call_arguments.delta', { ...at, delta: args.slice(0, half) });
      emit('response.function_call_arguments.delta', { ...at, delta: args.slice(half) });
      emit('response.function_call_arguments.done', { ...at, name: call.name, arguments: args });
      emit('response.output_item.done', { output_index: outputIndex, item: call });
    }
    emit(response.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    return events;
  }

  /** A stored response, or OpenAI's 404 for an id it does not know. */
  retrieve(id: string): ErrorAnswer {
    const response = this.stored.get(id);
    if (!response) return invalid(`Response with id '${id}' not found.`, null, 404);
    return { status: 200, body: response };
  }

  failure(...args: Parameters<MockWireFormat['failure']>): ErrorAnswer {
    return openAIWire.failure(...args);
  }

  rateLimitHeaders(...args: Parameters<MockWireFormat['rateLimitHeaders']>): Record<string, string> {
    return openAIWire.rateLimitHeaders(...args);
  }

  private parts(plan: ReplyPlan, id: string, request: Json): ResponseParts {
    const incomplete = plan.finish === 'length';
    const message =
      plan.pieces.length > 0
        ? {
            id: `msg_${id}`,
            type: 'message',
            status: incomplete ? 'incomplete' : 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: plan.pieces.join(''), annotations: [], logprobs: [] }],
          }
        : undefined;
    const call = plan.toolCall
      ? {
          id: `fc_${id}`,
          type: 'function_call',
          status: 'completed',
          call_id: `call_${id}`,
          name: plan.toolCall.name,
          arguments: JSON.stringify(plan.toolCall.arguments),
        }
      : undefined;
    const response: Json = {
      id: `resp_${id}`,
      object: 'response',
      created_at: CREATED,
      status: incomplete ? 'incomplete' : 'completed',
      background: false,
      error: null,
      incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
      instructions: request.instructions ?? null,
      max_output_tokens: request.max_output_tokens ?? null,
      model: plan.model,
      output: [message, call].filter(Boolean),
      parallel_tool_calls: request.parallel_tool_calls !== false,
      previous_response_id: request.previous_response_id ?? null,
      reasoning: { effort: null, summary: null },
      store: request.store !== false,
      temperature: request.temperature ?? 1,
      text: { format: { type: 'text' } },
      tool_choice: request.tool_choice ?? 'auto',
      tools: Array.isArray(request.tools) ? request.tools : [],
      top_p: request.top_p ?? 1,
      truncation: 'disabled',
      usage: usage(plan, request),
      user: request.user ?? null,
      metadata: isObject(request.metadata) ? request.metadata : {},
    };
    if (response.store === true) this.store(response);
    return { response, message, call };
  }

  private store(response: Json): void {
    if (this.stored.size >= STORE_CAPACITY) this.stored.delete(this.stored.keys().next().value as string);
    this.stored.set(String(response.id), response);
  }
}
