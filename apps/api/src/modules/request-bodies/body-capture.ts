import { REQUEST_BODY_MAX_BYTES } from '@switchyard/contracts';

/**
 * What is held of a body before it is redacted and cut to {@link REQUEST_BODY_MAX_BYTES}: more than is kept, so
 * that a secret straddling the cut is still whole when redaction runs, and a stream's events still reassemble.
 */
export const CAPTURE_MAX_BYTES = 4 * REQUEST_BODY_MAX_BYTES;

/**
 * The raw request and answer of one /v1 request whose token or team logs bodies, held on its call record until
 * settlement turns them into a redacted `RecordedBody`. Nothing here touches a database.
 */
export class BodyCapture {
  readonly request: string;
  readonly requestCut: boolean;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private answerCut = false;

  constructor(body: unknown) {
    const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
    this.requestCut = text.length > CAPTURE_MAX_BYTES;
    this.request = this.requestCut ? text.slice(0, CAPTURE_MAX_BYTES) : text;
  }

  /** A piece of the answer as the client received it: a whole body, or one write of a stream. */
  answer(piece: Buffer | string): void {
    if (this.bytes >= CAPTURE_MAX_BYTES) {
      this.answerCut = true;
      return;
    }
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    const room = CAPTURE_MAX_BYTES - this.bytes;
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (kept.length < bytes.length) this.answerCut = true;
    // A stream's buffers can be reused by the writer once written: the capture keeps its own copy.
    this.chunks.push(Buffer.from(kept));
    this.bytes += kept.length;
  }

  /** The answer an error became, when the gateway answered instead of the upstream. */
  failed(status: number, message: string): void {
    if (this.bytes === 0) this.answer(JSON.stringify({ error: { status, message } }));
  }

  get response(): { text: string; cut: boolean } {
    return { text: Buffer.concat(this.chunks).toString('utf8'), cut: this.answerCut };
  }
}
