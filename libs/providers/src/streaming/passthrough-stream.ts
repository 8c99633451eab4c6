import type { UpstreamFailure } from '@switchyard/key-pool';
import type { ClientError } from '../errors/client-errors.js';
import { CR, LF } from '../shared/ascii.js';
import { SseFramer } from '../sse/sse-framer.js';
import { SseParser } from '../sse/sse-parser.js';
import type { NormalizedUsage } from '../usage/normalized-usage.js';
import type { UpstreamStreamDecoder } from './chat-stream-event.js';
import type { StreamTranslator } from './stream-translator.js';
import { STREAM_ENDED_EARLY_MESSAGE } from './translating-stream.js';
import { UsageTracker } from './usage-tracker.js';

const EMPTY = Buffer.alloc(0);
const EVENT_TERMINATOR = Buffer.from('\n\n');
/** Past this much output without a usage report, estimation falls back to the text seen so far. */
const MAX_RETAINED_BYTES = 8 * 1024 * 1024;
const BAD_GATEWAY = 502;

/** The bytes from the first frame's start to the last frame's end: frames are consecutive slices of one buffer. */
function spanOf(frames: Buffer[]): Buffer {
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (!first || !last) return EMPTY;
  return Buffer.from(first.buffer, first.byteOffset, last.byteOffset + last.length - first.byteOffset);
}

/**
 * Where the event holding `offset` starts, in bytes made of whole events with `\n` line ends: just after the last
 * `\n\n` that ends at or before `offset`, or 0.
 */
function eventStartAtOrBefore(events: Buffer, offset: number): number {
  if (offset < 2) return 0;
  const blankLineAt = events.lastIndexOf(EVENT_TERMINATOR, offset - 2);
  return blankLineAt === -1 ? 0 : blankLineAt + 2;
}

/**
 * Forwards an upstream stream that is already in the client's format, byte for byte. Each complete event is only
 * probed (substring searches); the few events that matter (usage, errors) are parsed. Output is retained only until
 * usage is reported, so a usage-less upstream can still be estimated at the end.
 */
export abstract class PassthroughStream implements StreamTranslator {
  private readonly framer = new SseFramer();
  protected readonly tracker: UsageTracker;
  private retained: Buffer[] = [];
  private retainedBytes = 0;
  private estimatedFromOutput = false;
  private terminated = false;
  private clientSawError = false;
  private failure: UpstreamFailure | undefined;

  protected constructor(estimatePromptTokens: () => number) {
    this.tracker = new UsageTracker(estimatePromptTokens);
  }

  /** The client-format error event for a stream that broke off or ended early. */
  protected abstract streamError(error: ClientError): string;

  /** Looks at one complete event; returns true to withhold it from the client. */
  protected abstract inspect(frame: Buffer): boolean;

  /**
   * Where, in the bytes of the events just received, the first one `inspect` must see can start. Events that end
   * before it are plain content: they go out untouched and only `passedOver` hears of them. Most of a stream is such
   * content, and reading each event on its own was most of the cost of relaying it. The default inspects all.
   */
  protected firstInspectedOffset(_events: Buffer): number {
    return 0;
  }

  /** The last event of a chunk that `firstInspectedOffset` ruled out of inspection; those before it are not reported. */
  protected passedOver(_frame: Buffer): void {}
  /** Whether the upstream has reached its normal end. */
  protected abstract get upstreamComplete(): boolean;
  /** A decoder for the upstream's format, to read text out of retained output when estimating. */
  protected abstract estimationDecoder(): UpstreamStreamDecoder;

  get completed(): boolean {
    return this.upstreamComplete && this.failure === undefined;
  }

  get upstreamError(): UpstreamFailure | undefined {
    return this.failure;
  }

  /** Records an error event the upstream sent; the event itself still reaches the client, in its own words. */
  protected recordUpstreamError(failure: UpstreamFailure): void {
    this.failure = failure;
    this.clientSawError = true;
  }

  push(chunk: Buffer | string): Buffer {
    if (this.terminated) return EMPTY;
    const incoming = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const output = this.holdsWholeEvents(incoming)
      ? this.pushWholeEvents(incoming)
      : this.pushFramed(incoming);
    this.retain(output);
    return output;
  }

  /**
   * Whether the chunk starts and ends on event boundaries with `\n` line ends only, the shape upstreams send almost
   * always. In such a chunk every `\n\n` ends an event, so boundaries can be found by searching backwards.
   */
  private holdsWholeEvents(incoming: Buffer): boolean {
    const length = incoming.length;
    return (
      this.framer.atEventBoundary &&
      length >= 2 &&
      incoming[length - 1] === LF &&
      incoming[length - 2] === LF &&
      incoming.indexOf(CR) === -1
    );
  }

  /** Frames only the events from the first one to inspect on; the plain content before it is not cut up at all. */
  private pushWholeEvents(incoming: Buffer): Buffer {
    const inspectFrom = this.firstInspectedOffset(incoming);
    const plainEnd =
      inspectFrom >= incoming.length ? incoming.length : eventStartAtOrBefore(incoming, inspectFrom);
    if (plainEnd > 0)
      this.passedOver(incoming.subarray(eventStartAtOrBefore(incoming, plainEnd - 1), plainEnd));
    if (plainEnd === incoming.length) return incoming;
    const frames = this.framer.push(incoming.subarray(plainEnd));
    const kept = this.keptAfterInspecting(frames, 0, [incoming.subarray(0, plainEnd)]);
    return kept !== undefined ? Buffer.concat(kept) : incoming;
  }

  /** Any chunk: events may be split across chunks, and lines may end in `\r`. */
  private pushFramed(incoming: Buffer): Buffer {
    const carriedBytes = this.framer.hasPending;
    const frames = this.framer.push(incoming);
    if (frames.length === 0) return EMPTY;
    const inspectFrom = this.firstInspectedOffset(spanOf(frames));
    let plainCount = 0;
    for (let frameEnd = 0; plainCount < frames.length; plainCount++) {
      frameEnd += (frames[plainCount] as Buffer).length;
      if (frameEnd > inspectFrom) break;
    }
    if (plainCount > 0) this.passedOver(frames[plainCount - 1] as Buffer);
    const kept = this.keptAfterInspecting(frames, plainCount, []);
    // The common case, a chunk holding whole events only, goes out as the very buffer that came in.
    const wholeChunk = !carriedBytes && !this.framer.hasPending;
    return kept !== undefined ? Buffer.concat(kept) : wholeChunk ? incoming : spanOf(frames);
  }

  /**
   * Inspects the frames from `first` on. Undefined when none is withheld, so the caller can send the bytes as they
   * came; otherwise what goes out instead: `before`, the frames ahead of the first withheld one, and every later
   * frame that is not withheld.
   */
  private keptAfterInspecting(frames: Buffer[], first: number, before: Buffer[]): Buffer[] | undefined {
    let kept: Buffer[] | undefined;
    for (let index = first; index < frames.length; index++) {
      const frame = frames[index] as Buffer;
      const withhold = this.inspect(frame);
      if (withhold && kept === undefined) kept = [...before, ...frames.slice(0, index)];
      else if (!withhold && kept !== undefined) kept.push(frame);
    }
    return kept;
  }

  finish(): Buffer | string {
    if (this.terminated) return EMPTY;
    this.terminated = true;
    const rest = this.framer.flush();
    let output: Buffer = EMPTY;
    if (rest && !this.inspect(rest)) {
      // The upstream omitted the final blank line; without it the client would never see the last event.
      output = Buffer.concat([rest, EVENT_TERMINATOR]);
      this.retain(output);
    }
    if (this.completed || this.clientSawError) return output;
    const error = this.streamError({ status: BAD_GATEWAY, message: STREAM_ENDED_EARLY_MESSAGE });
    return output.length === 0 ? error : Buffer.concat([output, Buffer.from(error)]);
  }

  fail(error: ClientError): string {
    if (this.terminated) return '';
    this.terminated = true;
    return this.clientSawError ? '' : this.streamError(error);
  }

  usage(): NormalizedUsage {
    if (!this.tracker.hasReport && !this.estimatedFromOutput) {
      this.estimatedFromOutput = true;
      this.collectRetainedText();
    }
    return this.tracker.current();
  }

  private retain(output: Buffer): void {
    if (this.tracker.hasReport) {
      this.retained = [];
      return;
    }
    if (this.retainedBytes + output.length > MAX_RETAINED_BYTES || output.length === 0) return;
    this.retained.push(output);
    this.retainedBytes += output.length;
  }

  private collectRetainedText(): void {
    const parser = new SseParser();
    const decoder = this.estimationDecoder();
    const events = this.retained.flatMap((bytes) => parser.push(bytes)).concat(parser.finish());
    for (const event of events) {
      for (const decoded of decoder.decode(event.data, event.event)) {
        if (decoded.type === 'text') this.tracker.addCompletionText(decoded.text);
        else if (decoded.type === 'tool_call_arguments') this.tracker.addCompletionText(decoded.delta);
      }
    }
    this.retained = [];
  }
}
