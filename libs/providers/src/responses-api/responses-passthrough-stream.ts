import { openAIErrorType, type ClientError } from '../errors/client-errors.js';
import { failureFromStreamError } from '../errors/upstream-errors.js';
import { asRecord, asString, isRecord, tryParseJson } from '../shared/json.js';
import { formatSseEvent, parseSseEvent } from '../sse/sse-event.js';
import type { ChatStreamEvent, UpstreamStreamDecoder } from '../streaming/chat-stream-event.js';
import { PassthroughStream } from '../streaming/passthrough-stream.js';
import { usageFromResponses } from '../usage/normalized-usage.js';

/** Only the terminal events and errors matter for accounting; every other event goes out without being parsed. */
const INSPECTED_EVENTS =
  /^\s*(?:event:\s?|data:\s?\{\s*"type"\s*:\s*")(response\.created|response\.completed|response\.incomplete|response\.failed|error)\b/m;
/** Enough bytes to hold the `event:` line, or the start of the data line, of any inspected event. */
const EVENT_LINE_PROBE_LENGTH = 64;
const SEQUENCE_NUMBER = /"sequence_number"\s*:\s*(\d+)/g;

/** The text of a Responses stream, for estimating the output of an upstream that never reported its usage. */
class ResponsesTextDecoder implements UpstreamStreamDecoder {
  private ended = false;

  get complete(): boolean {
    return this.ended;
  }

  decode(data: string): ChatStreamEvent[] {
    const event = asRecord(tryParseJson(data));
    const delta = asString(event.delta) ?? '';
    switch (event.type) {
      case 'response.output_text.delta':
        return [{ type: 'text', choice: 0, text: delta }];
      case 'response.function_call_arguments.delta':
        return [{ type: 'tool_call_arguments', choice: 0, index: 0, delta }];
      case 'response.completed':
      case 'response.incomplete':
        this.ended = true;
        return [{ type: 'end' }];
      default:
        return [];
    }
  }
}

/**
 * A Responses stream from an upstream that serves the Responses API itself, forwarded byte for byte. The usage is
 * read from `response.completed` (or `response.incomplete`/`response.failed`); an error event the gateway adds for
 * a broken-off stream continues the upstream's sequence numbers.
 */
export class ResponsesPassthroughStream extends PassthroughStream {
  private ended = false;
  private lastFrame: Buffer | undefined;
  private createdId: string | undefined;

  /** `stored`: whether the request let the upstream store the answer (it does unless told `store: false`). */
  constructor(
    estimatePromptTokens: () => number,
    private readonly stored: boolean,
  ) {
    super(estimatePromptTokens);
  }

  get storedResponseId(): string | undefined {
    return this.stored ? this.createdId : undefined;
  }

  protected get upstreamComplete(): boolean {
    return this.ended;
  }

  protected estimationDecoder(): UpstreamStreamDecoder {
    return new ResponsesTextDecoder();
  }

  protected streamError(error: ClientError): string {
    const data = {
      type: 'error',
      sequence_number: this.nextSequenceNumber(),
      code: error.code ?? openAIErrorType(error.status),
      message: error.message,
      param: null,
    };
    return formatSseEvent('error', JSON.stringify(data));
  }

  protected inspect(frame: Buffer): boolean {
    this.lastFrame = frame;
    const name = INSPECTED_EVENTS.exec(
      frame.toString('latin1', 0, Math.min(frame.length, EVENT_LINE_PROBE_LENGTH)),
    )?.[1];
    if (name === undefined) return false;
    const event = parseSseEvent(frame);
    const data = event ? tryParseJson(event.data) : undefined;
    if (!isRecord(data)) return false;
    if (name === 'error') {
      this.recordUpstreamError(failureFromStreamError({ error: data.error ?? data }));
      return false;
    }
    const response = asRecord(data.response);
    if (name === 'response.created') {
      this.createdId = asString(response.id);
      return false;
    }
    const usage = usageFromResponses(response.usage);
    if (usage) this.tracker.report(usage);
    if (name === 'response.failed')
      this.recordUpstreamError(failureFromStreamError({ error: response.error ?? {} }));
    else this.ended = true;
    return false;
  }

  private nextSequenceNumber(): number {
    if (!this.lastFrame) return 0;
    let last: string | undefined;
    for (const match of this.lastFrame.toString('latin1').matchAll(SEQUENCE_NUMBER)) last = match[1];
    return last === undefined ? 0 : Number(last) + 1;
  }
}
