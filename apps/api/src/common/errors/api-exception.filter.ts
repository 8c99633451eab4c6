import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type Logger } from '../logging/logger.js';
import { errorBody, type ErrorType, type HttpError, mapsToHttpError } from './http-error.js';

const TYPE_BY_STATUS: Record<number, ErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  409: 'conflict_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** Fastify's own client errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode. */
function fastifyClientError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      type: 'request_too_large',
      code: 'body_too_large',
      message: 'Request body is larger than the allowed limit',
    };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      type: 'invalid_request_error',
      code: 'unsupported_media_type',
      message: 'Content-Type must be application/json',
    };
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (statusCode === 400 && /JSON/i.test(message ?? ''))) {
    return {
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_json',
      message: `Request body is not valid JSON: ${message ?? ''}`.trim(),
    };
  }
  return {
    status: statusCode,
    type: TYPE_BY_STATUS[statusCode] ?? 'invalid_request_error',
    code: code ?? 'bad_request',
    message: message ?? 'Bad request',
  };
}

function nestHttpError(exception: HttpException): HttpError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? [(response as { message: unknown }).message].flat().join('; ')
      : exception.message;
  if (status === 400 && /JSON/i.test(message)) {
    return {
      status,
      type: 'invalid_request_error',
      code: 'invalid_json',
      message: `Request body is not valid JSON: ${message}`,
    };
  }
  if (status === 413)
    return {
      status,
      type: 'request_too_large',
      code: 'body_too_large',
      message: 'Request body is larger than the allowed limit',
    };
  const code =
    status === 404
      ? 'not_found'
      : status === 403
        ? 'forbidden'
        : status === 401
          ? 'unauthorized'
          : 'http_error';
  return {
    status,
    type: TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error'),
    code,
    message,
  };
}

/** Every error leaves the API in one shape; unexpected ones are logged in full and answered without detail. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<{ url?: string; id?: string }>();
    const error = this.toHttpError(exception, request.id);
    if (reply.sent || reply.raw.headersSent) return;
    if (error.headers) void reply.headers(error.headers);
    const body = errorBody(error);
    // Anthropic's SDK reads `type: "error"` at the top; the OpenAI shape inside stays the same.
    void reply
      .status(error.status)
      .send(request.url?.startsWith('/v1/messages') ? { type: 'error', ...body } : body);
  }

  private toHttpError(exception: unknown, requestId: string | undefined): HttpError {
    if (mapsToHttpError(exception)) return exception.toHttpError();
    if (exception instanceof HttpException) return nestHttpError(exception);
    const clientError = fastifyClientError(exception);
    if (clientError) return clientError;
    this.logger.error({ requestId, err: exception }, 'unhandled error');
    return {
      status: 500,
      type: 'api_error',
      code: 'internal_error',
      message: 'Internal error; the request id identifies it in the logs',
    };
  }
}
