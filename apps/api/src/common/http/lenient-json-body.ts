import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyRequest } from 'fastify';

type Done = (error: Error | null, body?: unknown) => void;

/**
 * `curl -d '{…}'` sends JSON as `application/x-www-form-urlencoded`, and some clients send no content type at all.
 * On `/v1` such a body is read as JSON, as the seed proxies' users expect; elsewhere it stays a 415.
 */
export function acceptJsonWithoutContentType(app: NestFastifyApplication, bodyLimit: number): void {
  // Through Nest, which would otherwise register its own form parser at init.
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit },
    (request: FastifyRequest, body: Buffer, done: Done) => parseLeniently(request, body, done),
  );
  // A request without any content type reaches only the catch-all parser.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) =>
      parseLeniently(request, body as Buffer, done),
    );
}

function parseLeniently(request: FastifyRequest, body: Buffer, done: Done): void {
  if (!request.url.startsWith('/v1/')) {
    done(
      Object.assign(new Error('Unsupported Media Type'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      }),
    );
    return;
  }
  const text = body.toString('utf8');
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch (error) {
    done(Object.assign(new Error(`Unexpected JSON: ${(error as Error).message}`), { statusCode: 400 }));
  }
}
