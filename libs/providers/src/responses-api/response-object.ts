import type { ChatResult, FinishReason } from '../responses/chat-result.js';
import { generateId, unixSeconds } from '../shared/ids.js';
import { asNumber, asRecord, asString, type JsonObject } from '../shared/json.js';
import { toResponsesUsage, type NormalizedUsage, type ResponsesUsage } from '../usage/normalized-usage.js';

export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputTextPart[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
}

export type OutputItem = MessageItem | FunctionCallItem;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The Responses API's `Response` object, as far as a translated answer can fill it. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: unknown;
  max_output_tokens: number | null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: unknown; summary: null };
  store: false;
  temperature: number | null;
  text: unknown;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: JsonObject;
}

export const outputTextPart = (text: string): OutputTextPart => ({
  type: 'output_text',
  text,
  annotations: [],
  logprobs: [],
});

export const newResponseId = (): string => generateId('resp_', 48);
export const newMessageId = (): string => generateId('msg_', 48);
export const newFunctionCallId = (): string => generateId('fc_', 48);

/** How a finish reason ends a response: a length or filter stop is `incomplete`, anything else `completed`. */
export function statusOf(reason: FinishReason | null): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (reason === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/**
 * A response in the given state, echoing the request's settings as OpenAI does. A translated answer is never
 * stored, so `store` is false whatever was asked.
 */
export function responseObject(
  request: JsonObject,
  state: { id: string; createdAt: number; model: string; status: ResponseStatus },
): ResponseObject {
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: asNumber(request.max_output_tokens) ?? null,
    model: state.model,
    output: [],
    parallel_tool_calls: request.parallel_tool_calls !== false,
    previous_response_id: null,
    reasoning: { effort: asRecord(request.reasoning).effort ?? null, summary: null },
    store: false,
    temperature: asNumber(request.temperature) ?? null,
    text: request.text ?? { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: Array.isArray(request.tools) ? request.tools : [],
    top_p: asNumber(request.top_p) ?? null,
    truncation: 'disabled',
    usage: null,
    user: asString(request.user) ?? null,
    metadata: asRecord(request.metadata),
  };
}

/** A whole chat answer as a Responses API answer: its text as one message, then its tool calls. */
export function encodeResponsesAnswer(
  result: ChatResult,
  usage: NormalizedUsage,
  request: JsonObject,
): ResponseObject {
  const choice = result.choices[0];
  const output: OutputItem[] = [];
  const { status, incomplete_details } = statusOf(choice?.finishReason ?? 'stop');
  const itemStatus = status === 'incomplete' ? 'incomplete' : 'completed';
  if (choice?.text)
    output.push({
      id: newMessageId(),
      type: 'message',
      status: itemStatus,
      role: 'assistant',
      content: [outputTextPart(choice.text)],
    });
  for (const call of choice?.toolCalls ?? [])
    output.push({
      id: newFunctionCallId(),
      type: 'function_call',
      status: 'completed',
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
    });
  return {
    ...responseObject(request, {
      id: newResponseId(),
      createdAt: result.created || unixSeconds(),
      model: result.model,
      status,
    }),
    incomplete_details,
    output,
    usage: toResponsesUsage(usage),
  };
}
