import { pino, type Logger } from 'pino';
import { type AppConfig } from '../../config/app-config.js';

export type { Logger };

/** Paths that may carry a secret in anything we log; pino replaces them before the line is written. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-goog-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.secret',
  '*.apiKey',
  '*.password',
  '*.token',
];

/**
 * JSON logs, one object per line. Writes are asynchronous so logging never blocks the request path;
 * `flushLogger` is called on shutdown so nothing is lost.
 */
export function createLogger(
  config: Pick<AppConfig, 'logLevel'>,
  destination = pino.destination({ sync: false }),
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'switchyard-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

export function flushLogger(logger: Logger): void {
  try {
    logger.flush();
  } catch {
    // A destination that is not ready yet has nothing buffered to lose.
  }
}
