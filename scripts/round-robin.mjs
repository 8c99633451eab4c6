// A small round-robin HTTP front on loopback for replicas on one machine: each request goes to the next
// replica in turn, streamed both ways. Not a production load balancer: it has no health checks; a replica that
// refuses the connection is skipped for that request when the request has no body left to replay.
import http from 'node:http';

/**
 * Starts the front on 127.0.0.1:`port` (0 picks a free port) over `targets` (ports of replicas on 127.0.0.1).
 * Resolves with `{ port, close() }` once it listens.
 */
export async function startRoundRobin({ port, targets }) {
  if (targets.length === 0) throw new Error('the round-robin front needs at least one replica');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  let next = 0;

  const server = http.createServer((request, response) => {
    const first = next;
    next = (next + 1) % targets.length;
    // A body-less request (GET, HEAD, DELETE without content) can be replayed on the next replica safely.
    const replayable =
      request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined;
    forward(request, response, first, replayable ? targets.length : 1, replayable);
  });

  function forward(request, response, index, attemptsLeft, replayable) {
    const target = targets[index % targets.length];
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent,
      },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        // A stream's headers go out at once, as the replica sent them, not with its first chunk.
        response.flushHeaders();
        reply.pipe(response);
        reply.on('error', () => response.destroy());
      },
    );
    upstream.on('error', (error) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error.code === 'ECONNREFUSED' && attemptsLeft > 1) {
        forward(request, response, index + 1, attemptsLeft - 1, replayable);
        return;
      }
      const body = JSON.stringify({
        error: {
          message: `replica on port ${target} did not answer: ${error.code ?? error.message}`,
          type: 'api_error',
          code: 'replica_unreachable',
          param: null,
        },
      });
      response.writeHead(502, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
    // A client that goes away takes its upstream request with it, so the replica sees the abort.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    if (replayable) upstream.end();
    else request.pipe(upstream);
  }

  server.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
