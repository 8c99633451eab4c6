import { UnsupportedOperationError } from '../errors/upstream-error.js';
import { asArray, asNumber, asRecord, asString, compact, isRecord, type JsonObject } from '../shared/json.js';

/**
 * Fields that only work against stored state on the provider's side (an earlier response, a conversation, a stored
 * prompt, a background job): meaningful only to an upstream that serves the Responses API itself.
 */
const STATEFUL_FIELDS = ['previous_response_id', 'conversation', 'prompt'] as const;

/** The first field of a Responses request that needs the provider's stored state, or undefined for none. */
export function statefulField(body: JsonObject): string | undefined {
  for (const field of STATEFUL_FIELDS) if (body[field] !== undefined && body[field] !== null) return field;
  if (body.store === true) return 'store';
  if (body.background === true) return 'background';
  const input = body.input;
  if (Array.isArray(input)) {
    for (const [index, item] of input.entries())
      if (isRecord(item) && item.type === 'item_reference') return `input[${index}]`;
  }
  return undefined;
}

function unsupported(message: string, param: string): never {
  throw new UnsupportedOperationError(message, param);
}

type ChatMessage = JsonObject;

/** Refuses, naming the field, a request that needs stored state the upstream does not have. */
export function refuseStatefulRequest(body: JsonObject): void {
  const stateful = statefulField(body);
  if (stateful !== undefined)
    unsupported(
      `"${stateful}" needs a provider that stores responses, and this model's provider is reached by translation`,
      stateful,
    );
}

/**
 * Translates an OpenAI Responses request into a chat completions request, the pivot every other upstream format is
 * translated from. Throws {@link UnsupportedOperationError} naming the field for what only a provider that serves
 * the Responses API itself can do: built-in tools, file ids, references to stored items.
 */
export function responsesRequestToChat(body: JsonObject): JsonObject {
  const messages: ChatMessage[] = [];
  const instructions = asString(body.instructions);
  if (instructions) messages.push({ role: 'system', content: instructions });
  if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
  else for (const [index, item] of asArray(body.input).entries()) addInputItem(messages, item, index);

  const tools = asArray(body.tools).map(toChatTool);
  const text = asRecord(body.text);
  return compact({
    messages,
    max_tokens: asNumber(body.max_output_tokens),
    temperature: asNumber(body.temperature),
    top_p: asNumber(body.top_p),
    tools: tools.length > 0 ? tools : undefined,
    tool_choice: body.tool_choice === undefined ? undefined : toChatToolChoice(body.tool_choice),
    parallel_tool_calls: typeof body.parallel_tool_calls === 'boolean' ? body.parallel_tool_calls : undefined,
    response_format: toResponseFormat(text.format),
    reasoning_effort: asString(asRecord(body.reasoning).effort),
    user: asString(body.user),
    stream: body.stream === true ? true : undefined,
  });
}

function addInputItem(messages: ChatMessage[], value: unknown, index: number): void {
  const item = asRecord(value);
  const at = `input[${index}]`;
  const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
  switch (type) {
    case 'message':
      messages.push(toChatMessage(item, at));
      return;
    case 'function_call':
      addFunctionCall(messages, item, at);
      return;
    case 'function_call_output':
      messages.push({
        role: 'tool',
        tool_call_id: requiredString(item.call_id, `${at}.call_id`),
        content: typeof item.output === 'string' ? item.output : partsToText(item.output, `${at}.output`),
      });
      return;
    case 'reasoning':
      // Reasoning from an earlier turn has no place in a chat request; the upstream reasons afresh.
      return;
    default:
      unsupported(
        `Input items of type "${String(type)}" need a provider that serves the Responses API itself`,
        `${at}.type`,
      );
  }
}

function toChatMessage(item: JsonObject, at: string): ChatMessage {
  const role = asString(item.role);
  if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer')
    unsupported(`${at}.role must be "user", "assistant", "system" or "developer"`, `${at}.role`);
  if (typeof item.content === 'string') return { role, content: item.content };
  if (role !== 'user') return { role, content: partsToText(item.content, `${at}.content`) };
  return { role, content: asArray(item.content).map((part, i) => toChatPart(part, `${at}.content[${i}]`)) };
}

/** Consecutive function calls are one assistant turn in chat, as the upstream produced them. */
function addFunctionCall(messages: ChatMessage[], item: JsonObject, at: string): void {
  const call = {
    id: requiredString(item.call_id, `${at}.call_id`),
    type: 'function',
    function: {
      name: requiredString(item.name, `${at}.name`),
      arguments: asString(item.arguments) ?? '{}',
    },
  };
  const last = messages[messages.length - 1];
  if (last?.role === 'assistant' && (last.tool_calls !== undefined || typeof last.content === 'string')) {
    last.tool_calls = [...asArray(last.tool_calls), call];
    return;
  }
  messages.push({ role: 'assistant', content: null, tool_calls: [call] });
}

function toChatPart(value: unknown, at: string): JsonObject {
  const part = asRecord(value);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: asString(part.text) ?? '' };
    case 'input_image': {
      const url = asString(part.image_url);
      if (!url) unsupported('Images by file id need a provider that serves the Responses API itself', at);
      return compact({ type: 'image_url', image_url: compact({ url, detail: asString(part.detail) }) });
    }
    case 'input_file': {
      const data = asString(part.file_data);
      if (!data) unsupported('Files by id or URL need a provider that serves the Responses API itself', at);
      return { type: 'file', file: compact({ file_data: data, filename: asString(part.filename) }) };
    }
    default:
      unsupported(`Content parts of type "${String(part.type)}" cannot be translated`, `${at}.type`);
  }
}

/** Assistant, system and tool-output content as the plain text chat takes there. */
function partsToText(content: unknown, at: string): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((value, i) => {
      const part = asRecord(value);
      if (part.type === 'refusal') return asString(part.refusal) ?? '';
      if (typeof part.text === 'string') return part.text;
      unsupported(
        `Content parts of type "${String(part.type)}" cannot be translated here`,
        `${at}[${i}].type`,
      );
    })
    .join('');
}

function toChatTool(value: unknown, index: number): JsonObject {
  const tool = asRecord(value);
  if (tool.type !== 'function')
    unsupported(
      `Tools of type "${String(tool.type)}" need a provider that serves the Responses API itself`,
      `tools[${index}].type`,
    );
  return {
    type: 'function',
    function: compact({
      name: requiredString(tool.name, `tools[${index}].name`),
      description: asString(tool.description),
      parameters: isRecord(tool.parameters) ? tool.parameters : undefined,
      strict: typeof tool.strict === 'boolean' ? tool.strict : undefined,
    }),
  };
}

function toChatToolChoice(value: unknown): unknown {
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  const choice = asRecord(value);
  if (choice.type === 'function')
    return { type: 'function', function: { name: requiredString(choice.name, 'tool_choice.name') } };
  unsupported('tool_choice must be "auto", "none", "required" or a function tool', 'tool_choice');
}

function toResponseFormat(value: unknown): JsonObject | undefined {
  const format = asRecord(value);
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') return undefined;
  return {
    type: 'json_schema',
    json_schema: compact({
      name: asString(format.name) ?? 'response',
      schema: format.schema,
      strict: typeof format.strict === 'boolean' ? format.strict : undefined,
      description: asString(format.description),
    }),
  };
}

function requiredString(value: unknown, param: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  unsupported(`${param} is required`, param);
}
