import {
  asArray,
  asNumber,
  asRecord,
  asString,
  compact,
  isRecord,
  parseArgumentsObject,
  tryParseJson,
  type JsonObject,
} from '../shared/json.js';
import { toGeminiSchema } from './gemini-schema.js';
import { guessMediaType, parseDataUrl } from './media.js';
import { functionTools } from './function-tools.js';
import { stopSequences } from './stop-sequences.js';

type GeminiPart = JsonObject;
interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/**
 * Gemini 3 refuses replayed function calls without the thought signature it issued. Signatures do not survive a
 * round trip through the OpenAI or Anthropic formats, so replayed calls carry the value Google documents for
 * conversations built elsewhere.
 */
export const REPLAYED_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';
const GEMINI_MAX_STOP_SEQUENCES = 5;
const THINKING_BUDGET_BY_EFFORT: Record<string, number> = { low: 1024, medium: 8192, high: 24576 };

/** Translates an OpenAI chat completion request into a Gemini `generateContent` body (model and stream go in the URL). */
export function openAIRequestToGemini(body: unknown): JsonObject {
  const request = asRecord(body);
  const systemTexts: string[] = [];
  const contents: GeminiContent[] = [];
  const toolNamesById = new Map<string, string>();

  for (const value of asArray(request.messages)) {
    const message = asRecord(value);
    switch (message.role) {
      case 'system':
      case 'developer':
        systemTexts.push(textOf(message.content));
        break;
      case 'user':
        appendContent(contents, 'user', userParts(message.content));
        break;
      case 'assistant':
        appendContent(contents, 'model', modelParts(message, toolNamesById));
        break;
      case 'tool': {
        const callId = asString(message.tool_call_id) ?? '';
        appendContent(contents, 'user', [
          {
            functionResponse: {
              name: toolNamesById.get(callId) ?? callId,
              response: toolResponse(textOf(message.content)),
            },
          },
        ]);
        break;
      }
    }
  }

  const functionDeclarations = functionTools(request.tools).map(toFunctionDeclaration);
  return compact({
    contents,
    systemInstruction: systemTexts.length > 0 ? { parts: [{ text: systemTexts.join('\n\n') }] } : undefined,
    tools: functionDeclarations.length > 0 ? [{ functionDeclarations }] : undefined,
    toolConfig: functionDeclarations.length > 0 ? toToolConfig(request.tool_choice) : undefined,
    generationConfig: generationConfig(request),
  });
}

function appendContent(contents: GeminiContent[], role: 'user' | 'model', parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const previous = contents[contents.length - 1];
  // Parallel tool results must arrive together in one turn, matching the calls of the previous model turn.
  if (previous?.role === role) previous.parts.push(...parts);
  else contents.push({ role, parts });
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => asString(asRecord(part).text) ?? '')
    .join('');
}

function userParts(content: unknown): GeminiPart[] {
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  const parts: GeminiPart[] = [];
  for (const value of asArray(content)) {
    const part = asRecord(value);
    if (part.type === 'text' && typeof part.text === 'string') parts.push({ text: part.text });
    else if (part.type === 'image_url') {
      const url = asString(asRecord(part.image_url).url) ?? asString(part.image_url);
      if (url) parts.push(mediaPart(url));
    } else if (part.type === 'file') {
      const inline = parseDataUrl(asString(asRecord(part.file).file_data) ?? '');
      if (inline) parts.push({ inlineData: { mimeType: inline.mediaType, data: inline.data } });
    }
  }
  return parts;
}

function mediaPart(url: string): GeminiPart {
  const inline = parseDataUrl(url);
  if (inline) return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
  return { fileData: { mimeType: guessMediaType(url), fileUri: url } };
}

function modelParts(message: JsonObject, toolNamesById: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  const text = textOf(message.content);
  if (text.length > 0) parts.push({ text });
  let first = true;
  for (const value of asArray(message.tool_calls)) {
    const call = asRecord(value);
    const fn = asRecord(call.function);
    const name = asString(fn.name) ?? '';
    const id = asString(call.id);
    if (id) toolNamesById.set(id, name);
    const part: GeminiPart = { functionCall: { name, args: parseArgumentsObject(asString(fn.arguments)) } };
    if (first) part.thoughtSignature = REPLAYED_THOUGHT_SIGNATURE;
    first = false;
    parts.push(part);
  }
  return parts;
}

/** Gemini wants the function response as an object; plain-text tool output is wrapped. */
function toolResponse(text: string): JsonObject {
  const parsed = tryParseJson(text);
  return isRecord(parsed) ? parsed : { content: text };
}

function toFunctionDeclaration(tool: JsonObject): JsonObject {
  const fn = asRecord(tool.function);
  const parameters = isRecord(fn.parameters) ? toGeminiSchema(fn.parameters) : undefined;
  const hasParameters = parameters !== undefined && isRecord(parameters.properties);
  return compact({
    name: asString(fn.name) ?? '',
    description: asString(fn.description),
    parameters: hasParameters ? parameters : undefined,
  });
}

function toToolConfig(choice: unknown): JsonObject | undefined {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (isRecord(choice)) {
    const name = asString(asRecord(choice.function).name);
    return { functionCallingConfig: { mode: 'ANY', ...(name ? { allowedFunctionNames: [name] } : {}) } };
  }
  return undefined;
}

function generationConfig(request: JsonObject): JsonObject | undefined {
  const responseFormat = asRecord(request.response_format);
  const jsonSchema = asRecord(responseFormat.json_schema).schema;
  const wantsJson = responseFormat.type === 'json_object' || responseFormat.type === 'json_schema';
  const effort = asString(request.reasoning_effort);
  const budget = effort === undefined ? undefined : THINKING_BUDGET_BY_EFFORT[effort];
  const config = compact({
    temperature: asNumber(request.temperature),
    topP: asNumber(request.top_p),
    maxOutputTokens: asNumber(request.max_completion_tokens) ?? asNumber(request.max_tokens),
    stopSequences: stopSequences(request.stop)?.slice(0, GEMINI_MAX_STOP_SEQUENCES),
    candidateCount: asNumber(request.n),
    presencePenalty: asNumber(request.presence_penalty),
    frequencyPenalty: asNumber(request.frequency_penalty),
    seed: asNumber(request.seed),
    responseMimeType: wantsJson ? 'application/json' : undefined,
    responseSchema: isRecord(jsonSchema) ? toGeminiSchema(jsonSchema) : undefined,
    thinkingConfig: budget !== undefined ? { thinkingBudget: budget } : undefined,
  });
  return Object.keys(config).length > 0 ? config : undefined;
}
