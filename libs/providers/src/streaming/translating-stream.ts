import type { UpstreamFailure } from '@switchyard/key-pool';
import { formatStreamError, type ClientError } from '../errors/client-errors.js';
import { failureFromStreamError, upstreamErrorMessage } from '../errors/upstream-errors.js';
import { SseParser } from '../sse/sse-parser.js';
import type { ClientFormat } from '../provider-types.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';
import type { ChatStreamEvent, ClientStreamEncoder, UpstreamStreamDecoder } from './chat-stream-event.js';
import type { StreamTranslator } from './stream-translator.js';
import { UsageTracker } from './usage-tracker.js';

export const STREAM_ENDED_EARLY_MESSAGE = 'The upstream stream ended before the answer was complete';
const BAD_GATEWAY = 502;

/** A stream translator for differing formats: parse upstream events, decode to neutral events, encode for the client. */
export class TranslatingStream implements StreamTranslator {
  private readonly parser = new SseParser();
  private readonly tracker: UsageTracker;
  private terminated = false;
  private failure: UpstreamFailure | undefined;

  constructor(
    private readonly client: ClientFormat,
    private readonly decoder: UpstreamStreamDecoder,
    private readonly encoder: ClientStreamEncoder,
    estimatePromptTokens: () => number,
    private readonly redact: (text: string) => string,
  ) {
    this.tracker = new UsageTracker(estimatePromptTokens);
  }

  get completed(): boolean {
    return this.decoder.complete && this.failure === undefined;
  }

  get upstreamError(): UpstreamFailure | undefined {
    return this.failure;
  }

  push(chunk: Buffer | string): string {
    if (this.terminated) return '';
    let output = '';
    for (const event of this.parser.push(chunk)) {
      output += this.translate(event.data, event.event);
      if (this.terminated) break;
    }
    return output;
  }

  finish(): string {
    if (this.terminated) return '';
    let output = '';
    for (const event of this.parser.finish()) output += this.translate(event.data, event.event);
    if (this.terminated) return output;
    this.terminated = true;
    if (!this.decoder.complete)
      return output + this.streamError({ status: BAD_GATEWAY, message: STREAM_ENDED_EARLY_MESSAGE });
    return output + this.encoder.close(this.tracker.current());
  }

  fail(error: ClientError): string {
    if (this.terminated) return '';
    this.terminated = true;
    return this.streamError(error);
  }

  private streamError(error: ClientError): string {
    return this.encoder.fail?.(error) ?? formatStreamError(this.client, error);
  }

  usage(): NormalizedUsage {
    return this.tracker.current();
  }

  private translate(data: string, eventName: string | undefined): string {
    let output = '';
    for (const event of this.decoder.decode(data, eventName)) {
      if (event.type === 'error') return output + this.upstreamFailed(event.body);
      this.track(event);
      output += this.encoder.encode(event);
    }
    return output;
  }

  private track(event: ChatStreamEvent): void {
    if (event.type === 'usage') this.tracker.report(event.usage);
    else if (event.type === 'text') this.tracker.addCompletionText(event.text);
    else if (event.type === 'tool_call_arguments') this.tracker.addCompletionText(event.delta);
  }

  private upstreamFailed(body: unknown): string {
    this.failure = failureFromStreamError(body);
    this.terminated = true;
    const message = this.redact(upstreamErrorMessage(body) ?? 'The upstream reported an error mid-stream');
    return this.streamError({ status: this.failure.status ?? BAD_GATEWAY, message });
  }
}
