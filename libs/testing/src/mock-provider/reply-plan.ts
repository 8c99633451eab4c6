/** What the mock understood of a chat request, whatever its wire format. */
export interface ChatRequestSummary {
  model: string;
  /** Text of the last message, if it is a user text message (not a tool result). */
  lastUserText: string | undefined;
  tools: { name: string; schema: unknown }[];
  maxTokens: number | undefined;
  /** All prompt text, for the prompt token count. */
  promptText: string;
}

export interface ToolCallPlan {
  name: string;
  arguments: Record<string, unknown>;
}

/** The answer to give, before it is put into a wire format. */
export interface ReplyPlan {
  model: string;
  /** One element per stream chunk; joined, they are the answer text. */
  pieces: string[];
  toolCall: ToolCallPlan | undefined;
  finish: 'stop' | 'length' | 'tool_call';
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens reported as read from, and written to, the provider's cache (besides `promptTokens`). */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export const TOOL_TRIGGER = 'use the tool';
const ECHO_PREFIX = 'echo:';
const WORDS =
  'The quick brown fox jumps over the lazy dog while the mock provider streams one token at a time'.split(
    ' ',
  );
export const DEFAULT_REPLY_WORDS = 12;
const CHARS_PER_TOKEN = 4;

/** Roughly four characters per token: the mock only needs counts that are stable and plausible. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/**
 * Healthy answers: a tool call to the first tool when the last user message asks to "use the tool", the echoed text
 * after "echo:", otherwise `replyWords` words. `max_tokens` below the length cuts the answer with a length stop.
 */
export function planReply(request: ChatRequestSummary, replyWords = DEFAULT_REPLY_WORDS): ReplyPlan {
  const promptTokens = countTokens(request.promptText);
  const firstTool = request.tools[0];
  if (firstTool && request.lastUserText?.toLowerCase().includes(TOOL_TRIGGER)) {
    const toolCall = { name: firstTool.name, arguments: exampleArguments(firstTool.schema) };
    return {
      model: request.model,
      pieces: [],
      toolCall,
      finish: 'tool_call',
      promptTokens,
      completionTokens: countTokens(JSON.stringify(toolCall)),
    };
  }
  const echoAt = request.lastUserText?.toLowerCase().indexOf(ECHO_PREFIX) ?? -1;
  const words =
    echoAt >= 0 && request.lastUserText
      ? request.lastUserText
          .slice(echoAt + ECHO_PREFIX.length)
          .trim()
          .split(/\s+/)
          .filter(Boolean)
      : Array.from({ length: replyWords }, (_, index) => WORDS[index % WORDS.length] as string);
  const limit =
    request.maxTokens !== undefined && request.maxTokens < words.length ? request.maxTokens : words.length;
  const pieces = words.slice(0, limit).map((word, index) => (index === 0 ? word : ` ${word}`));
  return {
    model: request.model,
    pieces,
    toolCall: undefined,
    finish: limit < words.length ? 'length' : 'stop',
    promptTokens,
    completionTokens: pieces.length,
  };
}

/** Arguments that satisfy a simple JSON schema: one plausible value per property. */
function exampleArguments(schema: unknown): Record<string, unknown> {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties))
    args[name] = exampleValue(isObject(property) ? property : {});
  return args;
}

function exampleValue(schema: Record<string, unknown>): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return exampleArguments(schema);
    default:
      return 'mock';
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function textOfParts(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join(' ');
}
