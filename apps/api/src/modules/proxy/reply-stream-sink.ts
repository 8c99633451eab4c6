import { type ServerResponse } from 'node:http';
import { type FastifyReply } from 'fastify';
import { type CallRecord } from './call-record.js';
import { type ClientDisconnect } from './client-disconnect.js';
import { gatewayHeaders } from './gateway-headers.js';
import { type RelayProgress, type StreamSink } from './relay-result.js';

/** A streamed answer written straight to the client's socket, past Fastify's reply. */
export class ReplyStreamSink implements StreamSink {
  constructor(
    private readonly reply: FastifyReply,
    private readonly call: CallRecord,
    private readonly disconnect: ClientDisconnect,
  ) {}

  open(progress: RelayProgress): void {
    void this.reply.hijack();
    // The only header the reply holds at this point is the request id.
    this.reply.raw.writeHead(
      200,
      gatewayHeaders(progress.attempts, this.call.overheadMs(progress.upstreamMs), this.call.headers, {
        'x-request-id': this.call.requestId,
        connection: 'keep-alive',
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      }),
    );
  }

  write(chunk: Buffer | string): Promise<void> | undefined {
    this.call.bodies?.answer(chunk);
    return writeCoalesced(this.reply.raw, chunk) ? undefined : drained(this.reply.raw, this.disconnect);
  }

  end(last?: Buffer | string): void {
    if (last !== undefined) this.call.bodies?.answer(last);
    if (last === undefined) this.reply.raw.end();
    else this.reply.raw.end(last);
  }
}

/**
 * Writes a stream chunk corked until the end of this turn of the event loop, so that chunks (and the stream's end)
 * arriving together leave in one system call instead of one each. The delay is the rest of the current I/O phase.
 */
function writeCoalesced(response: ServerResponse, chunk: Buffer | string): boolean {
  if (response.writableCorked === 0) {
    response.cork();
    setImmediate(uncorkAll, response);
  }
  return response.write(chunk);
}

function uncorkAll(response: ServerResponse): void {
  while (response.writableCorked > 0) response.uncork();
}

/**
 * Resolves when the client took what was written, or left. A client that has left drains nothing and its 'abort'
 * is past: the relay still hands over chunks that arrived before the abort, and must not wait on them forever.
 */
function drained(response: ServerResponse, disconnect: ClientDisconnect): Promise<void> | undefined {
  if (disconnect.aborted || response.destroyed) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      disconnect.off('abort', done);
      resolve();
    };
    response.once('drain', done);
    disconnect.once('abort', done);
  });
}
