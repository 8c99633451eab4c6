// The floor any gateway is measured against: node:http in, undici out, the upstream key rotated per request,
// the (small) request body read whole, the answer streamed back through undici's stream() as it arrives; bytes
// are copied both ways without parsing JSON or SSE.
import { createServer } from 'node:http';
import { Agent, stream } from 'undici';
import { serveUntilStopped } from './serve-until-stopped.mjs';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

const upstream = process.env.BENCH_UPSTREAM_URL;
const keys = process.env.BENCH_UPSTREAM_KEYS.split(',');
const agent = new Agent({ keepAliveTimeout: 30_000 });
let nextKey = 0;

function upstreamHeaders(incoming, key) {
  const headers = { authorization: `Bearer ${key}` };
  if (incoming['content-type']) headers['content-type'] = incoming['content-type'];
  if (incoming['content-length']) headers['content-length'] = incoming['content-length'];
  if (incoming.accept) headers.accept = incoming.accept;
  return headers;
}

async function readAll(incoming) {
  const chunks = [];
  for await (const chunk of incoming) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function relay(incoming, outgoing) {
  const key = keys[nextKey++ % keys.length];
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  try {
    await stream(
      `${upstream}${incoming.url}`,
      {
        method: incoming.method,
        headers: upstreamHeaders(incoming.headers, key),
        body: hasBody ? await readAll(incoming) : null,
        dispatcher: agent,
      },
      ({ statusCode, headers }) => {
        const forwarded = {};
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
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

serveUntilStopped({ url: `http://127.0.0.1:${server.address().port}` }, async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
});
