import { apiErrorSchema } from '@switchyard/contracts';
import { type TokenUsage, chatChunkSchema } from '../api-responses.js';
import { checkShape, describeNetworkError } from '../api-client.js';
import { ApiError, ApiUnreachableError, UnexpectedResponseError } from '../errors.js';
import { readSseEvents } from '../sse.js';
import { type Writer } from '../terminal.js';

const WHAT = 'POST /v1/chat/completions';

export interface StreamedAnswer {
  model: string | undefined;
  usage: TokenUsage | null;
}

/**
 * Writes each content delta as it arrives and returns the model and usage once `[DONE]` comes. An error event
 * (the gateway's way to fail after the first byte) is thrown as an ApiError once the stream has ended.
 */
export async function relayChatStream(response: Response, output: Writer): Promise<StreamedAnswer> {
  if (!response.body) throw new UnexpectedResponseError(`the answer to ${WHAT} has no body`);
  const answer: StreamedAnswer = { model: undefined, usage: null };
  let wroteText = false;
  let endsWithNewline = false;
  let failure: ApiError | undefined;
  let done = false;
  try {
    for await (const event of readSseEvents(response.body)) {
      if (event.data === '[DONE]') {
        done = true;
        break;
      }
      const payload = parseEventData(event.data);
      const error = apiErrorSchema.safeParse(payload);
      if (error.success) {
        failure ??= new ApiError(error.data.error.message, null, error.data.error.code, payload);
        continue;
      }
      const chunk = checkShape(chatChunkSchema, payload, `${WHAT} (stream)`, response.status);
      answer.model ??= chunk.model;
      if (chunk.usage) answer.usage = chunk.usage;
      const text = chunk.choices?.map((choice) => choice.delta?.content ?? '').join('') ?? '';
      if (text !== '') {
        output.write(text);
        wroteText = true;
        endsWithNewline = text.endsWith('\n');
      }
    }
  } catch (error) {
    if (error instanceof ApiError || error instanceof UnexpectedResponseError) throw error;
    throw new ApiUnreachableError(
      `the stream from the Switchyard API broke off (${describeNetworkError(error)})`,
    );
  } finally {
    if (wroteText && !endsWithNewline) output.write('\n');
  }
  if (failure) throw failure;
  if (!done) throw new ApiUnreachableError('the stream from the Switchyard API ended before [DONE]');
  return answer;
}

function parseEventData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    throw new UnexpectedResponseError(`the stream of ${WHAT} carried an event that is not JSON`);
  }
}
