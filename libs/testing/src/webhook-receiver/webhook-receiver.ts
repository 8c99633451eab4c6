import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent: what a signature is computed over. */
  body: string;
  json: Record<string, unknown>;
}

export interface WebhookReceiver {
  url(path?: string): string;
  received(path?: string): ReceivedRequest[];
  /** The statuses the next requests to `path` are answered with, in order; 200 once they run out. */
  answerWith(path: string, ...statuses: number[]): void;
  /** Requests to `path` are recorded at once and answered `ms` later. */
  delayAnswers(path: string, ms: number): void;
  close(): Promise<void>;
}

/** A real HTTP endpoint on 127.0.0.1 that records every request it gets, for webhook and Slack deliveries. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const statuses = new Map<string, number[]>();
  const delays = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // Recorded as sent; the assertions say what was expected.
      }
      requests.push({ path: request.url ?? '/', headers: request.headers, body, json });
      const status = statuses.get(request.url ?? '/')?.shift() ?? 200;
      const answer = () =>
        response
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(status === 200 ? 'ok' : 'receiver says no');
      setTimeout(answer, delays.get(request.url ?? '/') ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received: (path) => requests.filter((r) => path === undefined || r.path === path),
    delayAnswers: (path, ms) => void delays.set(path, ms),
    answerWith: (path, ...next) => statuses.set(path, [...(statuses.get(path) ?? []), ...next]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
