import { asArray, asNumber, asRecord, asString, compact, isRecord, type JsonObject } from '../shared/json.js';
import { toDataUrl } from './media.js';

export interface OpenAIRequestOptions {
  /** OpenAI's reasoning models reject `max_tokens` and want `max_completion_tokens`. */
  useMaxCompletionTokens: boolean;
}

type OpenAIPart = JsonObject;
type OpenAIMessage = JsonObject;

/**
 * Translates an Anthropic Messages request into an OpenAI chat completion request. Thinking blocks, `top_k`,
 * cache-control markers and server tools have no OpenAI equivalent and are dropped.
 */
export function anthropicRequestToOpenAI(
  body: unknown,
  model: string,
  stream: boolean,
  options: OpenAIRequestOptions,
): JsonObject {
  const request = asRecord(body);
  const messages: OpenAIMessage[] = [];
  const system = textOfBlocks(request.system);
  if (system.length > 0) messages.push({ role: 'system', content: system });

  for (const value of asArray(request.messages)) {
    const message = asRecord(value);
    if (message.role === 'assistant') messages.push(assistantMessage(message.content));
    else messages.push(...userMessages(message.content));
  }

  const tools = asArray(request.tools).filter(isRecord).filter(isClientTool).map(toOpenAITool);
  const maxTokens = asNumber(request.max_tokens);
  const metadata = asRecord(request.metadata);
  return compact({
    model,
    messages,
    max_tokens: options.useMaxCompletionTokens ? undefined : maxTokens,
    max_completion_tokens: options.useMaxCompletionTokens ? maxTokens : undefined,
    temperature: asNumber(request.temperature),
    top_p: asNumber(request.top_p),
    stop: asArray(request.stop_sequences).length > 0 ? request.stop_sequences : undefined,
    tools: tools.length > 0 ? tools : undefined,
    tool_choice: tools.length > 0 ? toOpenAIToolChoice(request.tool_choice) : undefined,
    parallel_tool_calls:
      tools.length > 0 && asRecord(request.tool_choice).disable_parallel_tool_use === true
        ? false
        : undefined,
    user: asString(metadata.user_id),
    stream: stream ? true : undefined,
  });
}

function textOfBlocks(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => (asRecord(block).type === 'text' ? (asString(asRecord(block).text) ?? '') : ''))
    .join('\n');
}

/** Tool results become `tool` messages, which OpenAI wants right after the assistant turn, before any user text. */
function userMessages(content: unknown): OpenAIMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const toolMessages: OpenAIMessage[] = [];
  const parts: OpenAIPart[] = [];
  for (const value of asArray(content)) {
    const block = asRecord(value);
    if (block.type === 'tool_result') {
      const { text, images } = toolResultContent(block.content);
      toolMessages.push({
        role: 'tool',
        tool_call_id: asString(block.tool_use_id) ?? '',
        content: block.is_error === true && text.length > 0 ? `Error: ${text}` : text,
      });
      // OpenAI tool messages carry text only, so images a tool returned travel in the following user message.
      parts.push(...images);
    } else {
      const part = userPart(block);
      if (part) parts.push(part);
    }
  }
  if (parts.length > 0) toolMessages.push({ role: 'user', content: collapseTextParts(parts) });
  return toolMessages;
}

function toolResultContent(content: unknown): { text: string; images: OpenAIPart[] } {
  if (typeof content === 'string') return { text: content, images: [] };
  const texts: string[] = [];
  const images: OpenAIPart[] = [];
  for (const value of asArray(content)) {
    const block = asRecord(value);
    if (block.type === 'text') texts.push(asString(block.text) ?? '');
    else if (block.type === 'image') {
      const image = userPart(block);
      if (image) images.push(image);
    }
  }
  return { text: texts.join('\n'), images };
}

function userPart(block: JsonObject): OpenAIPart | undefined {
  const source = asRecord(block.source);
  switch (block.type) {
    case 'text':
      return { type: 'text', text: asString(block.text) ?? '' };
    case 'image': {
      const url = sourceUrl(source);
      return url ? { type: 'image_url', image_url: { url } } : undefined;
    }
    case 'document': {
      if (source.type === 'text') return { type: 'text', text: asString(source.data) ?? '' };
      if (source.type !== 'base64') return undefined;
      return {
        type: 'file',
        file: { file_data: sourceUrl(source), filename: asString(block.title) ?? 'document.pdf' },
      };
    }
    default:
      return undefined;
  }
}

function sourceUrl(source: JsonObject): string | undefined {
  if (source.type === 'base64')
    return toDataUrl({
      mediaType: asString(source.media_type) ?? 'image/png',
      data: asString(source.data) ?? '',
    });
  if (source.type === 'url') return asString(source.url);
  return undefined;
}

/** Many OpenAI-compatible hosts accept only string content, so text-only messages are sent as one string. */
function collapseTextParts(parts: OpenAIPart[]): string | OpenAIPart[] {
  if (!parts.every((part) => part.type === 'text')) return parts;
  return parts.map((part) => asString(part.text) ?? '').join('\n');
}

function assistantMessage(content: unknown): OpenAIMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const value of asArray(content)) {
    const block = asRecord(value);
    if (block.type === 'text') texts.push(asString(block.text) ?? '');
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: asString(block.id) ?? '',
        type: 'function',
        function: { name: asString(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const message: OpenAIMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

/** Server tools (web search, code execution…) carry a `type` other than `custom` and run only on Anthropic. */
function isClientTool(tool: JsonObject): boolean {
  return tool.type === undefined || tool.type === 'custom';
}

function toOpenAITool(tool: JsonObject): JsonObject {
  return {
    type: 'function',
    function: compact({
      name: asString(tool.name) ?? '',
      description: asString(tool.description),
      parameters: isRecord(tool.input_schema) ? tool.input_schema : { type: 'object', properties: {} },
    }),
  };
}

function toOpenAIToolChoice(choice: unknown): unknown {
  const record = asRecord(choice);
  switch (record.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: asString(record.name) ?? '' } };
    default:
      return undefined;
  }
}
