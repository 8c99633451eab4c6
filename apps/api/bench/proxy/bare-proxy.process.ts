// The floor any gateway is measured against: node:http in, undici out, the upstream key rotated per request,
// the (small) request body read whole, the answer streamed back through undici's stream() as it arrives; bytes
// are copied both ways without parsing JSON or SSE.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Agent, stream } from 'undici';
import { serveUntilStopped } from './child-process.js';

export interface BareProxyReady {
  url: string;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

const upstream = process.env.BENCH_UPSTREAM_URL!;
const keys = process.env.BENCH_UPSTREAM_KEYS!.split(',');
const agent = new Agent({ keepAliveTimeout: 30_000 });
let nextKey = 0;

function upstreamHeaders(incoming: IncomingHttpHeaders, key: string): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (incoming['content-type']) headers['content-type'] = incoming['content-type'];
  if (incoming['content-length']) headers['content-length'] = incoming['content-length'];
  if (incoming.accept) headers.accept = incoming.accept;
  return headers;
}

async function readAll(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function relay(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const key = keys[nextKey++ % keys.length]!;
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  try {
    await stream(
      `${upstream}${incoming.url}`,
      {
        method: incoming.method as 'POST',
        headers: upstreamHeaders(incoming.headers, key),
        body: hasBody ? await readAll(incoming) : null,
        dispatcher: agent,
      },
      ({ statusCode, headers }) => {
        const forwarded: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) forwarded[name] = value;
        outgoing.writeHead(statusCode, forwarded);
        return outgoing;
      },
    );
  } catch {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  }
}

const server = createServer((incoming, outgoing) => void relay(incoming, outgoing));
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

serveUntilStopped({ url: `http://127.0.0.1:${port}` } satisfies BareProxyReady, async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
});
