import { Agent } from 'undici';

export interface UpstreamAgentOptions {
  /** TCP + TLS handshake limit. */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive socket is kept for reuse. */
  keepAliveTimeoutMs?: number;
  /** Sockets per upstream origin; unlimited by default so concurrency is bounded by the key pool, not here. */
  connectionsPerOrigin?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 30_000;
const MAX_KEEP_ALIVE_TIMEOUT_MS = 10 * 60_000;

/** A keep-alive connection pool per upstream origin, so hot requests skip the TCP and TLS handshakes. */
export function createUpstreamAgent(options: UpstreamAgentOptions = {}): Agent {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    keepAliveMaxTimeout: MAX_KEEP_ALIVE_TIMEOUT_MS,
    ...(options.connectionsPerOrigin !== undefined ? { connections: options.connectionsPerOrigin } : {}),
  });
}

let sharedAgent: Agent | undefined;

/** The process-wide agent used when a call names no dispatcher of its own. */
export function sharedUpstreamAgent(): Agent {
  sharedAgent ??= createUpstreamAgent();
  return sharedAgent;
}

/** Closes the shared agent's sockets (for shutdown and tests); a later call creates a fresh one. */
export async function closeSharedUpstreamAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}
