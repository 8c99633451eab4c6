import { CR, LF } from '../shared/ascii.js';

const EMPTY = Buffer.alloc(0);

/**
 * Cuts a byte stream into complete SSE events (each ending with its blank line) without decoding it.
 *
 * Works on bytes so that a chunk split inside a multi-byte UTF-8 character is harmless: event boundaries are
 * ASCII line breaks, which never occur inside a multi-byte sequence. Accepts `\n`, `\r\n` and `\r` line endings,
 * including a `\r\n` split across two chunks (the stray `\n` then starts the next event, where it reads as an
 * empty line and is ignored by {@link parseSseEvent}). Line ends are found with native `indexOf`, not a byte loop:
 * this runs for every chunk of every stream.
 */
export class SseFramer {
  private pending: Buffer = EMPTY;
  /** Whether the line being read has no bytes yet. */
  private atLineStart = true;
  private previousWasCR = false;

  /** Returns the complete events contained in the bytes received so far, as slices of the input. */
  push(chunk: Buffer | string): Buffer[] {
    const incoming = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const scanFrom = this.pending.length;
    const buffer = scanFrom === 0 ? incoming : Buffer.concat([this.pending, incoming]);
    const hasCR = buffer.indexOf(CR, scanFrom) !== -1;
    const events: Buffer[] = [];
    let eventStart = 0;
    let position = scanFrom;
    while (position < buffer.length) {
      if (this.previousWasCR) {
        this.previousWasCR = false;
        if (buffer[position] === LF) {
          position++;
          continue;
        }
      }
      const lineEnd = nextLineEnd(buffer, position, hasCR);
      if (lineEnd === -1) {
        this.atLineStart = false;
        break;
      }
      const blankLine = lineEnd === position && this.atLineStart;
      let next = lineEnd + 1;
      if (buffer[lineEnd] === CR) {
        if (next === buffer.length) this.previousWasCR = true;
        else if (buffer[next] === LF) next++;
      }
      if (blankLine) {
        events.push(buffer.subarray(eventStart, next));
        eventStart = next;
      }
      this.atLineStart = true;
      position = next;
    }
    this.pending = eventStart === buffer.length ? EMPTY : buffer.subarray(eventStart);
    return events;
  }

  /** Whether bytes of an incomplete event are held back. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Whether the next byte starts a new event: nothing is held back and no `\r\n` is waiting for its `\n`. */
  get atEventBoundary(): boolean {
    return this.pending.length === 0 && !this.previousWasCR;
  }

  /** Bytes of an event the stream ended in the middle of (no terminating blank line), if any. */
  flush(): Buffer | undefined {
    const rest = this.pending;
    this.pending = EMPTY;
    this.atLineStart = true;
    this.previousWasCR = false;
    return isBlank(rest) ? undefined : rest;
  }
}

function nextLineEnd(buffer: Buffer, from: number, hasCR: boolean): number {
  const lf = buffer.indexOf(LF, from);
  if (!hasCR) return lf;
  const cr = buffer.indexOf(CR, from);
  if (cr === -1) return lf;
  return lf === -1 || cr < lf ? cr : lf;
}

function isBlank(bytes: Buffer): boolean {
  return bytes.every((byte) => byte === LF || byte === CR);
}
