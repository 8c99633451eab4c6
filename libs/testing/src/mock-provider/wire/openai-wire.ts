import type { MockRateLimitHeaders } from '../mock-types.js';
import { isObject, textOfParts, type ChatRequestSummary, type ReplyPlan } from '../reply-plan.js';
import { sseData, type ErrorAnswer, type MockWireFormat } from './wire-format.js';

const FINISH_REASONS = { stop: 'stop', length: 'length', tool_call: 'tool_calls' } as const;
const CREATED = 1_700_000_000;

const error = (status: number, message: string, type: string, code: string | null): ErrorAnswer => ({
  status,
  body: { error: { message, type, param: null, code } },
});

function usage(plan: ReplyPlan): Record<string, unknown> {
  const cached = plan.cacheReadTokens ?? 0;
  return {
    prompt_tokens: plan.promptTokens + cached,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + cached + plan.completionTokens,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCall(plan: ReplyPlan, id: string): Record<string, unknown> | undefined {
  if (!plan.toolCall) return undefined;
  return {
    id: `call_${id}`,
    type: 'function',
    function: { name: plan.toolCall.name, arguments: JSON.stringify(plan.toolCall.arguments) },
  };
}

export const openAIWire: MockWireFormat = {
  summarize(body) {
    if (!isObject(body) || typeof body.model !== 'string')
      return error(400, 'you must provide a model parameter', 'invalid_request_error', null);
    if (!Array.isArray(body.messages))
      return error(
        400,
        "Missing required parameter: 'messages'.",
        'invalid_request_error',
        'missing_required_parameter',
      );
    if (body.stream_options !== undefined && body.stream !== true) {
      return error(
        400,
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        'invalid_request_error',
        'invalid_value',
      );
    }
    const messages = body.messages.filter(isObject);
    const last = messages[messages.length - 1];
    const tools = (Array.isArray(body.tools) ? body.tools : []).filter(isObject).map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      return { name: String(fn.name ?? ''), schema: fn.parameters };
    });
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    const summary: ChatRequestSummary = {
      model: body.model,
      lastUserText: last?.role === 'user' ? textOfParts(last.content) : undefined,
      tools,
      maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      promptText: messages.map((message) => textOfParts(message.content)).join('\n'),
    };
    return summary;
  },

  completion(plan, id) {
    const call = toolCall(plan, id);
    return {
      id: `chatcmpl-${id}`,
      object: 'chat.completion',
      created: CREATED,
      model: plan.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: call ? null : plan.pieces.join(''),
            refusal: null,
            annotations: [],
            ...(call ? { tool_calls: [call] } : {}),
          },
          logprobs: null,
          finish_reason: FINISH_REASONS[plan.finish],
        },
      ],
      usage: usage(plan),
      service_tier: 'default',
      system_fingerprint: 'fp_mock',
    };
  },

  streamEvents(plan, id, request) {
    const includeUsage =
      isObject(request) && isObject(request.stream_options) && request.stream_options.include_usage === true;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): string =>
      sseData({
        id: `chatcmpl-${id}`,
        object: 'chat.completion.chunk',
        created: CREATED,
        model: plan.model,
        system_fingerprint: 'fp_mock',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(includeUsage ? { usage: null } : {}),
      });
    const events = [chunk({ role: 'assistant', content: '', refusal: null })];
    const call = toolCall(plan, id);
    if (call && plan.toolCall) {
      const args = JSON.stringify(plan.toolCall.arguments);
      const half = Math.ceil(args.length / 2);
      events.push(
        chunk({
          tool_calls: [
            {
              index: 0,
              id: call.id,
              type: 'function',
              function: { name: plan.toolCall.name, arguments: '' },
            },
          ],
        }),
      );
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }));
      events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }));
    }
    for (const piece of plan.pieces) events.push(chunk({ content: piece }));
    events.push(chunk({}, FINISH_REASONS[plan.finish]));
    if (includeUsage) {
      events.push(
        sseData({
          id: `chatcmpl-${id}`,
          object: 'chat.completion.chunk',
          created: CREATED,
          model: plan.model,
          system_fingerprint: 'fp_mock',
          choices: [],
          usage: usage(plan),
        }),
      );
    }
    events.push('data: [DONE]\n\n');
    return events;
  },

  failure(failure, model) {
    switch (failure.type) {
      case 'rate_limit':
        return {
          ...error(
            429,
            `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1.`,
            'requests',
            'rate_limit_exceeded',
          ),
          headers:
            failure.retryAfterSeconds !== undefined
              ? { 'retry-after': String(failure.retryAfterSeconds) }
              : {},
        };
      case 'quota_exhausted':
        return {
          status: 429,
          body: {
            error: {
              message:
                'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day',
              code: 429,
            },
          },
        };
      case 'insufficient_quota':
        return error(
          429,
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
        );
      case 'auth':
        return error(
          401,
          'Incorrect API key provided: sk-mock*****. You can find your API key at https://platform.openai.com/account/api-keys.',
          'invalid_request_error',
          'invalid_api_key',
        );
      case 'forbidden':
        return error(
          403,
          'Country, region, or territory not supported',
          'request_forbidden',
          'unsupported_country_region_territory',
        );
      case 'billing':
        return {
          status: 402,
          body: {
            error: {
              message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits',
              code: 402,
            },
          },
        };
      case 'server': {
        const status = failure.status ?? 500;
        const message =
          status === 503
            ? 'The engine is currently overloaded, please try again later'
            : 'The server had an error while processing your request. Sorry about that!';
        return error(status, message, 'server_error', null);
      }
      case 'model_not_found':
        return error(
          404,
          `The model \`${model}\` does not exist or you do not have access to it.`,
          'invalid_request_error',
          'model_not_found',
        );
      case 'bad_request':
        return error(
          400,
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 250000 tokens.",
          'invalid_request_error',
          'context_length_exceeded',
        );
    }
  },

  rateLimitHeaders(values: MockRateLimitHeaders) {
    const headers: Record<string, string> = {};
    if (values.limitRequests !== undefined)
      headers['x-ratelimit-limit-requests'] = String(values.limitRequests);
    if (values.remainingRequests !== undefined)
      headers['x-ratelimit-remaining-requests'] = String(values.remainingRequests);
    if (values.resetRequestsSeconds !== undefined)
      headers['x-ratelimit-reset-requests'] = `${values.resetRequestsSeconds}s`;
    if (values.limitTokens !== undefined) headers['x-ratelimit-limit-tokens'] = String(values.limitTokens);
    if (values.remainingTokens !== undefined)
      headers['x-ratelimit-remaining-tokens'] = String(values.remainingTokens);
    if (values.resetTokensSeconds !== undefined)
      headers['x-ratelimit-reset-tokens'] = `${values.resetTokensSeconds}s`;
    return headers;
  },
};
