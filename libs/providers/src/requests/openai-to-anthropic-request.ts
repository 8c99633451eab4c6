import {
  asArray,
  asNumber,
  asRecord,
  asString,
  compact,
  isRecord,
  parseArgumentsObject,
  type JsonObject,
} from '../shared/json.js';
import { parseDataUrl } from './media.js';
import { functionTools } from './function-tools.js';
import { stopSequences } from './stop-sequences.js';

/** Anthropic requires `max_tokens`; OpenAI clients often omit it. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;
/** Anthropic's temperature range is 0–1, OpenAI's 0–2. */
const ANTHROPIC_MAX_TEMPERATURE = 1;

type AnthropicBlock = JsonObject;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

/**
 * Translates an OpenAI chat completion request into an Anthropic Messages request. Parameters Anthropic has no
 * equivalent for (n, penalties, logit_bias, logprobs, seed, response_format, reasoning_effort…) are dropped.
 */
export function openAIRequestToAnthropic(body: unknown, model: string, stream: boolean): JsonObject {
  const request = asRecord(body);
  const systemParts: string[] = [];
  const messages: AnthropicMessage[] = [];

  for (const value of asArray(request.messages)) {
    const message = asRecord(value);
    switch (message.role) {
      case 'system':
      case 'developer':
        systemParts.push(textOf(message.content));
        break;
      case 'user':
        appendMessage(messages, 'user', userBlocks(message.content));
        break;
      case 'assistant':
        appendMessage(messages, 'assistant', assistantBlocks(message));
        break;
      case 'tool':
        appendMessage(messages, 'user', [
          {
            type: 'tool_result',
            tool_use_id: asString(message.tool_call_id) ?? '',
            content: textOf(message.content),
          },
        ]);
        break;
    }
  }

  const temperature = asNumber(request.temperature);
  const tools = functionTools(request.tools).map(toAnthropicTool);
  const anthropic: JsonObject = compact({
    model,
    max_tokens:
      asNumber(request.max_completion_tokens) ?? asNumber(request.max_tokens) ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined,
    messages,
    temperature: temperature === undefined ? undefined : Math.min(temperature, ANTHROPIC_MAX_TEMPERATURE),
    top_p: asNumber(request.top_p),
    stop_sequences: stopSequences(request.stop),
    tools: tools.length > 0 ? tools : undefined,
    tool_choice:
      tools.length > 0 ? toAnthropicToolChoice(request.tool_choice, request.parallel_tool_calls) : undefined,
    metadata: typeof request.user === 'string' ? { user_id: request.user } : undefined,
    stream: stream ? true : undefined,
  });
  return anthropic;
}

function appendMessage(
  messages: AnthropicMessage[],
  role: 'user' | 'assistant',
  blocks: AnthropicBlock[],
): void {
  if (blocks.length === 0) return;
  const previous = messages[messages.length - 1];
  // Anthropic wants alternating turns: tool results and the user text after them form one user turn.
  if (previous?.role === role) previous.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => asString(asRecord(part).text) ?? asString(asRecord(part).refusal) ?? '')
    .join('');
}

function userBlocks(content: unknown): AnthropicBlock[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const blocks: AnthropicBlock[] = [];
  for (const value of asArray(content)) {
    const part = asRecord(value);
    if (part.type === 'text' && typeof part.text === 'string' && part.text.length > 0) {
      blocks.push({ type: 'text', text: part.text });
    } else if (part.type === 'image_url') {
      const image = imageBlock(asString(asRecord(part.image_url).url) ?? asString(part.image_url));
      if (image) blocks.push(image);
    } else if (part.type === 'file') {
      const document = documentBlock(asRecord(part.file));
      if (document) blocks.push(document);
    }
  }
  return blocks;
}

function imageBlock(url: string | undefined): AnthropicBlock | undefined {
  if (!url) return undefined;
  const inline = parseDataUrl(url);
  if (inline)
    return { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.data } };
  return { type: 'image', source: { type: 'url', url } };
}

function documentBlock(file: JsonObject): AnthropicBlock | undefined {
  const inline = parseDataUrl(asString(file.file_data) ?? '');
  if (!inline) return undefined;
  return { type: 'document', source: { type: 'base64', media_type: inline.mediaType, data: inline.data } };
}

function assistantBlocks(message: JsonObject): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  const text = textOf(message.content);
  if (text.length > 0) blocks.push({ type: 'text', text });
  for (const value of asArray(message.tool_calls)) {
    const call = asRecord(value);
    const fn = asRecord(call.function);
    blocks.push({
      type: 'tool_use',
      id: asString(call.id) ?? '',
      name: asString(fn.name) ?? '',
      input: parseArgumentsObject(asString(fn.arguments)),
    });
  }
  return blocks;
}

function toAnthropicTool(tool: JsonObject): JsonObject {
  const fn = asRecord(tool.function);
  return compact({
    name: asString(fn.name) ?? '',
    description: asString(fn.description),
    input_schema: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
  });
}

function toAnthropicToolChoice(choice: unknown, parallelToolCalls: unknown): JsonObject | undefined {
  let anthropicChoice: JsonObject | undefined;
  if (choice === 'auto') anthropicChoice = { type: 'auto' };
  else if (choice === 'required') anthropicChoice = { type: 'any' };
  else if (choice === 'none') anthropicChoice = { type: 'none' };
  else if (isRecord(choice))
    anthropicChoice = { type: 'tool', name: asString(asRecord(choice.function).name) ?? '' };
  if (parallelToolCalls === false && anthropicChoice?.type !== 'none') {
    anthropicChoice = { ...(anthropicChoice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  }
  return anthropicChoice;
}
