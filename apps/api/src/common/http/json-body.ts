import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyRequest } from 'fastify';

/** Deeper JSON than any real request needs; a body nested past it is refused before it is parsed. */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

type Done = (error: Error | null, body?: unknown) => void;

class JsonTooDeep extends Error {
  readonly statusCode = 400;
  readonly code = 'json_too_deep';

  constructor() {
    super(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

class FormBodyRefused extends Error {
  readonly statusCode = 415;
  readonly code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';

  constructor() {
    super('Content-Type must be application/json');
  }
}

/**
 * The deepest nesting of brackets outside strings, stopping as soon as it passes `max`. Strings are skipped with
 * a native search for the closing quote, so the long text of a prompt costs little.
 */
export function nestingExceeds(body: Buffer, max: number): boolean {
  if (body.length <= max) return false;
  let depth = 0;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i];
    if (byte === QUOTE) {
      for (;;) {
        const end = body.indexOf(QUOTE, i + 1);
        if (end === -1) return false; // unterminated: the parser reports it
        let backslashes = 0;
        while (body[end - 1 - backslashes] === BACKSLASH) backslashes += 1;
        i = end;
        if (backslashes % 2 === 0) break;
      }
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * JSON bodies go through Fastify's own parser (prototype-poisoning checks included) once their nesting is known
 * to be sane: a body of millions of nested arrays otherwise costs seconds of parsing and gigabytes before any
 * handler can refuse it. Form bodies are refused outright outside `/v1`: nothing there takes them, and accepting
 * them is what let other sites post to the admin API. On `/v1`, which takes no cookie, `curl -d '{…}'` (sent as a
 * form) and a body without any content type are read as JSON, as the seed proxies' users send them.
 */
export function installBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as {
    onProtoPoisoning?: 'error' | 'remove' | 'ignore';
    onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
  };
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  const parseChecked = (request: FastifyRequest, body: Buffer, done: Done) => {
    if (nestingExceeds(body, MAX_JSON_DEPTH)) {
      done(new JsonTooDeep(), undefined);
      return;
    }
    parseJson(request, body.toString('utf8'), done);
  };
  const parseLeniently = (request: FastifyRequest, body: Buffer, done: Done) => {
    if (!request.url.startsWith('/v1/')) done(new FormBodyRefused(), undefined);
    else if (body.toString('utf8').trim() === '') done(null, undefined);
    else parseChecked(request, body, done);
  };
  app.useBodyParser('application/json', {}, parseChecked);
  // Through Nest, which would otherwise register its own form parser at init.
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, parseLeniently);
  // A request without any content type reaches only the catch-all parser.
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) =>
    parseLeniently(request, body as Buffer, done),
  );
}
