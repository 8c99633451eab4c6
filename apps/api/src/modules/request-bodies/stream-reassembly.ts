type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isRecord(value) ? value : {});

interface SseEvent {
  event: string | undefined;
  data: unknown;
}

/** The JSON events of an SSE body; `[DONE]` and events that are not JSON are skipped. */
function sseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) continue;
    try {
      events.push({ event, data: JSON.parse(data.join('\n')) as unknown });
    } catch {
      // `[DONE]`, or an event cut by the capture limit.
    }
  }
  return events;
}

interface OpenAIChoice {
  index: number;
  role: string;
  content: string;
  toolCalls: Map<number, { id?: unknown; type?: unknown; name: string; arguments: string }>;
  finishReason: unknown;
}

/** An OpenAI chat stream as the `chat.completion` a non-streamed request would have had. */
function reassembleOpenAI(events: SseEvent[]): Json {
  const answer: Json = { object: 'chat.completion' };
  const choices = new Map<number, OpenAIChoice>();
  for (const { data } of events) {
    const chunk = record(data);
    if (chunk.error !== undefined) {
      answer.error = chunk.error;
      continue;
    }
    for (const field of ['id', 'created', 'model', 'system_fingerprint'])
      if (chunk[field] !== undefined) answer[field] ??= chunk[field];
    if (chunk.usage) answer.usage = chunk.usage;
    for (const raw of Array.isArray(chunk.choices) ? chunk.choices : []) {
      const delta = record(record(raw).delta);
      const index = typeof record(raw).index === 'number' ? (record(raw).index as number) : 0;
      const choice = choices.get(index) ?? {
        index,
        role: 'assistant',
        content: '',
        toolCalls: new Map(),
        finishReason: null,
      };
      choices.set(index, choice);
      if (typeof delta.role === 'string') choice.role = delta.role;
      if (typeof delta.content === 'string') choice.content += delta.content;
      for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        const at = typeof record(call).index === 'number' ? (record(call).index as number) : 0;
        const fn = record(record(call).function);
        const tool = choice.toolCalls.get(at) ?? { name: '', arguments: '' };
        tool.id ??= record(call).id;
        tool.type ??= record(call).type;
        if (typeof fn.name === 'string') tool.name += fn.name;
        if (typeof fn.arguments === 'string') tool.arguments += fn.arguments;
        choice.toolCalls.set(at, tool);
      }
      if (record(raw).finish_reason != null) choice.finishReason = record(raw).finish_reason;
    }
  }
  answer.choices = [...choices.values()].map((choice) => ({
    index: choice.index,
    message: {
      role: choice.role,
      content: choice.content,
      ...(choice.toolCalls.size > 0
        ? {
            tool_calls: [...choice.toolCalls.values()].map((tool) => ({
              id: tool.id,
              type: tool.type ?? 'function',
              function: { name: tool.name, arguments: tool.arguments },
            })),
          }
        : {}),
    },
    finish_reason: choice.finishReason,
  }));
  return answer;
}

/** An Anthropic Messages stream as the message a non-streamed request would have had. */
function reassembleAnthropic(events: SseEvent[]): Json {
  let answer: Json = { type: 'message', role: 'assistant' };
  const blocks = new Map<number, Json>();
  for (const { data } of events) {
    const event = record(data);
    const index = typeof event.index === 'number' ? event.index : 0;
    switch (event.type) {
      case 'message_start':
        answer = { ...answer, ...record(event.message), content: [] };
        break;
      case 'content_block_start':
        blocks.set(index, { ...record(event.content_block) });
        break;
      case 'content_block_delta': {
        const delta = record(event.delta);
        const block = blocks.get(index) ?? { type: 'text', text: '' };
        if (typeof delta.text === 'string') block.text = `${String(block.text ?? '')}${delta.text}`;
        if (typeof delta.partial_json === 'string')
          block.partial_json = `${String(block.partial_json ?? '')}${delta.partial_json}`;
        if (typeof delta.thinking === 'string')
          block.thinking = `${String(block.thinking ?? '')}${delta.thinking}`;
        blocks.set(index, block);
        break;
      }
      case 'message_delta':
        Object.assign(answer, record(event.delta));
        if (event.usage) answer.usage = { ...record(answer.usage), ...record(event.usage) };
        break;
      case 'error':
        answer.error = event.error;
        break;
    }
  }
  answer.content = [...blocks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, block]) => {
      if (typeof block.partial_json !== 'string') return block;
      const { partial_json: json, ...rest } = block;
      try {
        return { ...rest, input: JSON.parse(json as string) as unknown };
      } catch {
        return { ...rest, input: json };
      }
    });
  return answer;
}

/**
 * A streamed answer, as the client received it, turned into the one JSON answer it adds up to, in the client's
 * format; a stream of a format this does not know is kept as its SSE text.
 */
export function reassembleStream(endpoint: string, sse: string): string {
  const events = sseEvents(sse);
  if (endpoint === '/v1/chat/completions') return JSON.stringify(reassembleOpenAI(events));
  if (endpoint === '/v1/messages') return JSON.stringify(reassembleAnthropic(events));
  return sse;
}
