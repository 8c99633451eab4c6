import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { type FastifyBaseLogger, type FastifyRequest, LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { installAvailabilityGate } from './common/http/availability-gate.js';
import { lazySchemaCompilers } from './common/http/lazy-schema-compilers.js';
import { DrainState } from './common/lifecycle/drain-state.js';
import { UsageRecorder } from './modules/usage/usage-recorder.js';
import { ApiExceptionFilter } from './common/errors/api-exception.filter.js';
import { NestPinoLogger } from './common/logging/nest-logger.js';
import { AppModule, type AppRuntime } from './app.module.js';
import { mountOpenApi } from './openapi.js';
import { installRequestSecurity } from './request-security.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A caller's own request id is kept when it is safe to echo and log; otherwise a new one is made. On /v1 the
 * gateway always makes its own: it names the request's usage row, which must be unique, and a client that sends the
 * same id twice (a retry, say) made two requests that both cost money. The caller's id is logged beside it.
 */
function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  if (req.url?.startsWith('/v1/')) return randomUUID();
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

function clientRequestIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-request-id'];
  return request.url.startsWith('/v1/') && typeof header === 'string' && SAFE_REQUEST_ID.test(header)
    ? header
    : undefined;
}

/** Builds the API application; `main` listens on it and tests drive it in-process. */
export async function createApp(runtime: AppRuntime): Promise<NestFastifyApplication> {
  const { config, logger } = runtime;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One access line per request comes from our onResponse hook, which also carries the request id.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify would build a child logger per request only to bind its id, which our mixin adds to every line
    // anyway; on the proxy path that child cost more than the log lines themselves.
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    bodyLimit: config.maxBodyBytes,
    genReqId: requestIdOf,
    forceCloseConnections: 'idle',
    // The availability gate answers requests during a shutdown, in the API's own error shape.
    return503OnClosing: false,
    trustProxy: config.trustedProxies,
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(runtime), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new ApiExceptionFilter(logger));
  installRequestSecurity(app, config);
  if (config.docs) mountOpenApi(app);

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  const usage = app.get(UsageRecorder);
  installAvailabilityGate(fastify, { drain: app.get(DrainState), usageRefusal: () => usage.refusal() });
  // Node closes idle keep-alive connections once, when closing starts; connections whose request finishes
  // during the drain would then hold the shutdown open, so idle ones are swept until the server has closed.
  fastify.addHook('preClose', (done) => {
    const sweeper = setInterval(() => fastify.server.closeIdleConnections(), 100);
    fastify.server.once('close', () => clearInterval(sweeper));
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.info(
      {
        requestId: request.id,
        clientRequestId: clientRequestIdOf(request),
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
    done();
  });
  return app;
}
