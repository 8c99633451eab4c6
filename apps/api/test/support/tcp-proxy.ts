import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a real server (the shared PostgreSQL), so a spec can make that server
 * unreachable without touching it: `cut` drops every connection and refuses new ones, as a server that went down;
 * `hang` keeps connections open but delivers nothing either way, as a server that stopped answering; `restore`
 * delivers what was held and passes traffic again.
 */
export interface TcpProxy {
  port: number;
  /** The connection URL with its host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string;
  cut(): void;
  hang(): void;
  restore(): void;
  close(): Promise<void>;
}

type Mode = 'pass' | 'cut' | 'hang';

interface Pipe {
  client: net.Socket;
  upstream: net.Socket | undefined;
  held: { to: 'client' | 'upstream'; data: Buffer }[];
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: Mode = 'pass';
  const pipes = new Set<Pipe>();

  const deliver = (pipe: Pipe, to: 'client' | 'upstream', data: Buffer) => {
    const socket = to === 'client' ? pipe.client : pipe.upstream;
    if (mode === 'hang' || !socket || socket.connecting) pipe.held.push({ to, data });
    else socket.write(data);
  };
  const drop = (pipe: Pipe) => {
    pipe.client.destroy();
    pipe.upstream?.destroy();
    pipes.delete(pipe);
  };
  const connectUpstream = (pipe: Pipe) => {
    const upstream = net.connect(targetPort, targetHost);
    pipe.upstream = upstream;
    upstream.on('connect', () => flush(pipe));
    upstream.on('data', (data: Buffer) => deliver(pipe, 'client', data));
    upstream.on('error', () => drop(pipe));
    upstream.on('close', () => drop(pipe));
  };
  const flush = (pipe: Pipe) => {
    if (mode !== 'pass') return;
    for (const { to, data } of pipe.held.splice(0)) deliver(pipe, to, data);
  };

  const server = net.createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    const pipe: Pipe = { client, upstream: undefined, held: [] };
    pipes.add(pipe);
    client.on('data', (data: Buffer) => deliver(pipe, 'upstream', data));
    client.on('error', () => drop(pipe));
    client.on('close', () => drop(pipe));
    if (mode === 'pass') connectUpstream(pipe);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    urlFor(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cut() {
      mode = 'cut';
      for (const pipe of [...pipes]) drop(pipe);
    },
    hang() {
      mode = 'hang';
    },
    restore() {
      mode = 'pass';
      for (const pipe of pipes) {
        if (!pipe.upstream) connectUpstream(pipe);
        else flush(pipe);
      }
    },
    async close() {
      for (const pipe of [...pipes]) drop(pipe);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host and port of a PostgreSQL connection URL. */
export function serverOf(databaseUrl: string): { host: string; port: number } {
  const url = new URL(databaseUrl);
  return { host: url.hostname, port: Number(url.port || 5432) };
}
