import type { MockRateLimitHeaders } from '../mock-types.js';
import { isObject, textOfParts, type ChatRequestSummary, type ReplyPlan } from '../reply-plan.js';
import { sseEvent, type ErrorAnswer, type MockWireFormat } from './wire-format.js';

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_call: 'tool_use' } as const;

const error = (status: number, type: string, message: string): ErrorAnswer => ({
  status,
  body: { type: 'error', error: { type, message } },
});

function usage(plan: ReplyPlan, outputTokens = plan.completionTokens): Record<string, unknown> {
  return {
    input_tokens: plan.promptTokens,
    cache_creation_input_tokens: plan.cacheWriteTokens ?? 0,
    cache_read_input_tokens: plan.cacheReadTokens ?? 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function isToolResultTurn(message: Record<string, unknown>): boolean {
  return (
    Array.isArray(message.content) &&
    message.content.some((block) => isObject(block) && block.type === 'tool_result')
  );
}

function resetAt(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const anthropicWire: MockWireFormat = {
  summarize(body) {
    if (!isObject(body) || typeof body.model !== 'string')
      return error(400, 'invalid_request_error', 'model: Field required');
    if (typeof body.max_tokens !== 'number')
      return error(400, 'invalid_request_error', 'max_tokens: Field required');
    if (!Array.isArray(body.messages)) return error(400, 'invalid_request_error', 'messages: Field required');
    const messages = body.messages.filter(isObject);
    const last = messages[messages.length - 1];
    const tools = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isObject)
      .map((tool) => ({ name: String(tool.name ?? ''), schema: tool.input_schema }));
    const summary: ChatRequestSummary = {
      model: body.model,
      lastUserText: last?.role === 'user' && !isToolResultTurn(last) ? textOfParts(last.content) : undefined,
      tools,
      maxTokens: body.max_tokens,
      promptText: [textOfParts(body.system), ...messages.map((message) => textOfParts(message.content))]
        .filter(Boolean)
        .join('\n'),
    };
    return summary;
  },

  completion(plan, id) {
    const content: Record<string, unknown>[] = [];
    if (plan.pieces.length > 0) content.push({ type: 'text', text: plan.pieces.join('') });
    if (plan.toolCall)
      content.push({
        type: 'tool_use',
        id: `toolu_${id}`,
        name: plan.toolCall.name,
        input: plan.toolCall.arguments,
      });
    return {
      id: `msg_${id}`,
      type: 'message',
      role: 'assistant',
      model: plan.model,
      content,
      stop_reason: STOP_REASONS[plan.finish],
      stop_sequence: null,
      usage: usage(plan),
    };
  },

  streamEvents(plan, id) {
    const events = [
      sseEvent('message_start', {
        message: {
          id: `msg_${id}`,
          type: 'message',
          role: 'assistant',
          model: plan.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usage(plan, 1),
        },
      }),
    ];
    let index = 0;
    if (plan.pieces.length > 0) {
      events.push(sseEvent('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      events.push(sseEvent('ping', {}));
      for (const piece of plan.pieces)
        events.push(sseEvent('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
      events.push(sseEvent('content_block_stop', { index }));
      index++;
    }
    if (plan.toolCall) {
      const args = JSON.stringify(plan.toolCall.arguments);
      const half = Math.ceil(args.length / 2);
      events.push(
        sseEvent('content_block_start', {
          index,
          content_block: { type: 'tool_use', id: `toolu_${id}`, name: plan.toolCall.name, input: {} },
        }),
      );
      events.push(
        sseEvent('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: args.slice(0, half) },
        }),
      );
      events.push(
        sseEvent('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: args.slice(half) },
        }),
      );
      events.push(sseEvent('content_block_stop', { index }));
    }
    events.push(
      sseEvent('message_delta', {
        delta: { stop_reason: STOP_REASONS[plan.finish], stop_sequence: null },
        usage: { output_tokens: plan.completionTokens },
      }),
    );
    events.push(sseEvent('message_stop', {}));
    return events;
  },

  failure(failure, model) {
    switch (failure.type) {
      case 'rate_limit':
        return {
          ...error(
            429,
            'rate_limit_error',
            'This request would exceed the rate limit for your organization of 50 requests per minute. Please retry later.',
          ),
          headers: {
            'anthropic-ratelimit-requests-remaining': '0',
            ...(failure.retryAfterSeconds !== undefined
              ? { 'retry-after': String(failure.retryAfterSeconds) }
              : {}),
          },
        };
      case 'quota_exhausted':
        return error(
          429,
          'rate_limit_error',
          'This request would exceed the rate limit for your organization of 1,000,000 input tokens per day.',
        );
      case 'insufficient_quota':
      case 'billing':
        return error(
          400,
          'invalid_request_error',
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        );
      case 'auth':
        return error(401, 'authentication_error', 'invalid x-api-key');
      case 'forbidden':
        return error(
          403,
          'permission_error',
          'Your API key does not have permission to use the specified resource.',
        );
      case 'server': {
        const status = failure.status ?? 500;
        return status === 529
          ? error(529, 'overloaded_error', 'Overloaded')
          : error(status, 'api_error', 'Internal server error');
      }
      case 'model_not_found':
        return error(404, 'not_found_error', `model: ${model}`);
      case 'bad_request':
        return error(400, 'invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum');
    }
  },

  rateLimitHeaders(values: MockRateLimitHeaders) {
    const headers: Record<string, string> = {};
    if (values.limitRequests !== undefined)
      headers['anthropic-ratelimit-requests-limit'] = String(values.limitRequests);
    if (values.remainingRequests !== undefined)
      headers['anthropic-ratelimit-requests-remaining'] = String(values.remainingRequests);
    if (values.resetRequestsSeconds !== undefined)
      headers['anthropic-ratelimit-requests-reset'] = resetAt(values.resetRequestsSeconds);
    if (values.limitTokens !== undefined)
      headers['anthropic-ratelimit-tokens-limit'] = String(values.limitTokens);
    if (values.remainingTokens !== undefined)
      headers['anthropic-ratelimit-tokens-remaining'] = String(values.remainingTokens);
    if (values.resetTokensSeconds !== undefined)
      headers['anthropic-ratelimit-tokens-reset'] = resetAt(values.resetTokensSeconds);
    return headers;
  },
};
