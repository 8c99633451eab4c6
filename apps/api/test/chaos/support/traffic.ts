import { MODEL } from './chaos-cluster.js';

/** What a client saw of one request. */
export interface Outcome {
  /** The gateway's `x-request-id`, which names the usage row; undefined when no response arrived. */
  requestId: string | undefined;
  /** The HTTP status, or 0 when no response headers arrived (connection refused or cut, or the client aborted). */
  status: number;
  stream: boolean;
  /** For a stream: whether it ended with `[DONE]` and no error event. */
  complete: boolean;
  error?: string;
  body?: string;
  /** When the request was sent and when its response ended (epoch ms). */
  startedAt: number;
  endedAt: number;
}

export interface ChatOptions {
  stream?: boolean;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Abort the request after this many milliseconds. */
  abortAfterMs?: number;
  /** Abort the request this many milliseconds after its response headers arrive. */
  abortAfterHeadersMs?: number;
}

/** One chat completion through `baseUrl`, read to its end. Never throws. */
export async function chat(baseUrl: string, token: string, options: ChatOptions = {}): Promise<Outcome> {
  let requestId: string | undefined;
  const startedAt = Date.now();
  const stream = options.stream ?? false;
  const controller = new AbortController();
  let timer =
    options.abortAfterMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(), options.abortAfterMs);
  let status = 0;
  try {
    const response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODEL,
        stream,
        ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
        messages: [{ role: 'user', content: 'Tell me about the weather in a few words.' }],
      }),
      signal: options.signal ?? controller.signal,
    });
    status = response.status;
    requestId = response.headers.get('x-request-id') ?? undefined;
    if (options.abortAfterHeadersMs !== undefined) {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), options.abortAfterHeadersMs);
    }
    const body = await response.text();
    return {
      requestId,
      status,
      stream,
      // A stream the gateway cut ends with an error event, whatever follows it.
      complete: !stream || (body.includes('data: [DONE]') && !body.includes('"error"')),
      body: status === 200 ? undefined : body,
      startedAt,
      endedAt: Date.now(),
    };
  } catch (error) {
    // A request cut after its headers keeps its status and id: the gateway answered, then the body was cut.
    return {
      requestId,
      status,
      stream,
      complete: false,
      error: error instanceof Error ? error.message : String(error),
      startedAt,
      endedAt: Date.now(),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Starts `send(i)` at a steady rate for `durationMs`, and resolves with every outcome once all have ended. */
export async function atRate<T>(
  ratePerSecond: number,
  durationMs: number,
  send: (i: number) => Promise<T>,
): Promise<T[]> {
  const pending: Promise<T>[] = [];
  const started = Date.now();
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(i));
  }
  return Promise.all(pending);
}

/** Runs `count` sends with at most `concurrency` at once. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await send(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** How many outcomes had each status, e.g. `{ "200": 140, "429": 10 }`. */
export function statusCounts(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[String(outcome.status)] = (counts[String(outcome.status)] ?? 0) + 1;
  return counts;
}

/** Prints a scenario's figures on one line, so the CI log shows them whether the scenario passes or not. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  process.stdout.write(`chaos | ${scenario} | ${JSON.stringify(figures)}\n`);
}
