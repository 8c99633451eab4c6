import { Transform, type TransformCallback } from 'node:stream';
import { type FastifyRequest } from 'fastify';

/** The error Fastify raises for an oversized body, so every 413 is answered the same way. */
export class BodyTooLarge extends Error {
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  readonly statusCode = 413;

  constructor() {
    super('Request body is too large');
  }
}

/** Counts bytes as they arrive and fails the stream once they pass the limit; nothing past it is buffered. */
class LimitedPayload extends Transform {
  receivedEncodedLength = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.limit) callback(new BodyTooLarge());
    else callback(null, chunk);
  }
}

/**
 * Holds a request body to a limit smaller than the server's: refused at once when Content-Length says it is
 * larger, and cut off as soon as a chunked body grows past it. Returns the payload stream to parse.
 */
export function limitBody<T extends NodeJS.ReadableStream>(
  request: FastifyRequest,
  payload: T,
  limit: number,
): T | Transform {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared)) {
    if (declared > limit) throw new BodyTooLarge();
    return payload;
  }
  return payload.pipe(new LimitedPayload(limit));
}
