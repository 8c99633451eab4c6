/** Upstream SSE bodies shaped like the real providers' streams. */

const openAIChunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini', choices: [{ index: 0, logprobs: null, finish_reason: null, ...choice }], usage: null, ...extra })}\n\n`;

export const OPENAI_USAGE_CHUNK = `data: ${JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [],
  usage: {
    prompt_tokens: 9,
    completion_tokens: 2,
    total_tokens: 11,
    prompt_tokens_details: { cached_tokens: 4 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
})}\n\n`;

export function openAITextStream(options: { usage?: boolean } = {}): string {
  return [
    openAIChunk({ delta: { role: 'assistant', content: '' } }),
    openAIChunk({ delta: { content: 'Hello' } }),
    openAIChunk({ delta: { content: ' wörld 🚀' } }),
    openAIChunk({ delta: {}, finish_reason: 'stop' }),
    options.usage === false ? '' : OPENAI_USAGE_CHUNK,
    'data: [DONE]\n\n',
  ].join('');
}

export function openAIToolStream(): string {
  return [
    openAIChunk({ delta: { role: 'assistant', content: null } }),
    openAIChunk({
      delta: {
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      },
    }),
    openAIChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }),
    openAIChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] } }),
    openAIChunk({
      delta: {
        tool_calls: [
          { index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
    }),
    openAIChunk({ delta: {}, finish_reason: 'tool_calls' }),
    OPENAI_USAGE_CHUNK,
    'data: [DONE]\n\n',
  ].join('');
}

const anthropicEvent = (type: string, payload: Record<string, unknown> = {}): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;

const anthropicStart = anthropicEvent('message_start', {
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 5, cache_read_input_tokens: 4, cache_creation_input_tokens: 0, output_tokens: 1 },
  },
});

export function anthropicTextStream(): string {
  return [
    anthropicStart,
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    anthropicEvent('ping'),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hello' } }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: ' wörld 🚀' } }),
    anthropicEvent('content_block_stop', { index: 0 }),
    anthropicEvent('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 2 },
    }),
    anthropicEvent('message_stop'),
  ].join('');
}

export function anthropicToolStream(): string {
  return [
    anthropicStart,
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
    anthropicEvent('content_block_delta', {
      index: 0,
      delta: { type: 'thinking_delta', thinking: 'Weather tool.' },
    }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
    anthropicEvent('content_block_stop', { index: 0 }),
    anthropicEvent('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    anthropicEvent('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Checking.' } }),
    anthropicEvent('content_block_stop', { index: 1 }),
    anthropicEvent('content_block_start', {
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    }),
    anthropicEvent('content_block_delta', {
      index: 2,
      delta: { type: 'input_json_delta', partial_json: '' },
    }),
    anthropicEvent('content_block_delta', {
      index: 2,
      delta: { type: 'input_json_delta', partial_json: '{"city":' },
    }),
    anthropicEvent('content_block_delta', {
      index: 2,
      delta: { type: 'input_json_delta', partial_json: '"Paris"}' },
    }),
    anthropicEvent('content_block_stop', { index: 2 }),
    anthropicEvent('message_delta', {
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 30 },
    }),
    anthropicEvent('message_stop'),
  ].join('');
}

export const ANTHROPIC_OVERLOADED_EVENT = anthropicEvent('error', {
  error: { type: 'overloaded_error', message: 'Overloaded' },
});

export function anthropicStreamFailingMidway(): string {
  return [
    anthropicStart,
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hel' } }),
    ANTHROPIC_OVERLOADED_EVENT,
  ].join('');
}

/** Gemini ends lines with \r\n. */
const geminiEvent = (payload: Record<string, unknown>): string =>
  `data: ${JSON.stringify({ modelVersion: 'gemini-2.5-flash', responseId: 'resp-1', ...payload })}\r\n\r\n`;

export function geminiTextStream(): string {
  return [
    geminiEvent({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] }, index: 0 }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 1, totalTokenCount: 10 },
    }),
    geminiEvent({
      candidates: [
        { content: { role: 'model', parts: [{ text: ' wörld 🚀' }] }, finishReason: 'STOP', index: 0 },
      ],
      usageMetadata: {
        promptTokenCount: 9,
        candidatesTokenCount: 2,
        thoughtsTokenCount: 3,
        totalTokenCount: 14,
      },
    }),
  ].join('');
}

export function geminiToolStream(): string {
  return [
    geminiEvent({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Checking.' }] }, index: 0 }],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 2, totalTokenCount: 11 },
    }),
    geminiEvent({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig' },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 12, totalTokenCount: 21 },
    }),
  ].join('');
}
