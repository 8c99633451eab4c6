import { Injectable } from '@nestjs/common';
import {
  type ClientFormat,
  type Exchange,
  prepareChat,
  prepareEmbeddings,
  prepareResponses,
  type ProviderTarget,
} from '@switchyard/providers';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { type ProxyTokenPrincipal } from '../proxy-tokens/proxy-token-principal.js';
import { BodyCapture } from '../request-bodies/body-capture.js';
import { type CallOutcome, CallRecord, faultOutcome, refusedOutcome } from './call-record.js';
import { ClientDisconnect } from './client-disconnect.js';
import { gatewayHeaders } from './gateway-headers.js';
import { InFlightRequests } from './in-flight-requests.js';
import { limitOutput, type OutputLimitField } from './output-limit.js';
import { type Admission, type AdmissionKind, ProxyAdmission } from './proxy-admission.js';
import { refusalClass, refusalError, statusOf } from './proxy-errors.js';
import { ProxyErrorCode, ProxyException } from './proxy.exception.js';
import {
  chatRequestSchema,
  embeddingsRequestSchema,
  type JsonBody,
  messagesRequestSchema,
  parseBody,
  responsesRequestSchema,
} from './proxy-request.schemas.js';
import { ProxySettlement } from './proxy-settlement.js';
import { type RelayResult } from './relay-result.js';
import { ReplyStreamSink } from './reply-stream-sink.js';
import { requestUser, USER_HEADER, type UserNamingFormat } from './request-user.js';
import { isPlainChatRequest, isPlainMessagesRequest } from './request-fast-checks.js';
import { rateLimitHeaders } from './token-rate-limiter.js';
import { StoredResponseRetrieval } from './stored-response-retrieval.js';
import { StoredResponses } from './stored-responses.js';
import { UpstreamRelay } from './upstream-relay.js';

type ModelBody = JsonBody & { model: string; stream?: boolean };

/** What a route adds to the one admission: whether it produces output, and the field its output limit goes in. */
interface RouteKind extends AdmissionKind {
  outputLimitField: OutputLimitField;
}

const GENERATION: RouteKind = { producesOutput: true, outputLimitField: 'max_tokens' };
const RESPONSES: RouteKind = { producesOutput: true, outputLimitField: 'max_output_tokens' };
const EMBEDDING: RouteKind = { producesOutput: false, outputLimitField: 'max_tokens' };

/** The headers admission adds to the answer: the token's rate-limit window, and a shortened output limit. */
function admissionHeaders(admission: Admission): Record<string, string> | undefined {
  const limits = rateLimitHeaders(admission.rateLimit);
  if (admission.outputLimit === null) return admission.rateLimit ? limits : undefined;
  return { ...limits, 'x-switchyard-output-limit': String(admission.outputLimit) };
}

/**
 * The /v1 request path, and the one owner of each request's state: admission (token, route, limits, credit), then
 * the relay through the key pool, then settlement (price, credit, usage, metrics). Only this service writes the
 * reply, the gateway headers and the call record. No database is written here, and none is read that a cache
 * can serve.
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly admission: ProxyAdmission,
    private readonly relay: UpstreamRelay,
    private readonly settlement: ProxySettlement,
    private readonly inFlight: InFlightRequests,
    private readonly storedResponses: StoredResponses,
    private readonly retrieval: StoredResponseRetrieval,
  ) {}

  async chat(client: ClientFormat, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Awaited only when the token cache cannot decide: every await on this path costs every request.
    const principal = this.admission.tryAuthenticate(request) ?? (await this.admission.authenticate(request));
    const call = callOf(request, principal);
    const openai = client === 'openai';
    this.attribute(call, reply, client, request);
    const body = this.parse(
      call,
      reply,
      openai ? chatRequestSchema : messagesRequestSchema,
      request.body,
      openai ? isPlainChatRequest : isPlainMessagesRequest,
    );
    call.stream = body.stream === true;
    await this.serve(call, request, reply, body, GENERATION, (target) =>
      prepareChat({ client, body, target, clientHeaders: request.headers }),
    );
  }

  /**
   * The OpenAI Responses API, on the same admission, relay and settlement as chat: passed through to an upstream
   * that serves it, translated for any other.
   */
  async responses(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = this.admission.tryAuthenticate(request) ?? (await this.admission.authenticate(request));
    const call = callOf(request, principal);
    this.attribute(call, reply, 'responses', request);
    const body = this.parse(call, reply, responsesRequestSchema, request.body);
    call.stream = body.stream === true;
    await this.serve(call, request, reply, body, RESPONSES, (target) =>
      prepareResponses({ body, target, clientHeaders: request.headers }),
    );
  }

  /**
   * `GET /v1/responses/:id`: a response the gateway relayed from an upstream that stored it, asked of the key that
   * created it, for the team whose request did. It spends no tokens: no credit is held, but a usage row is kept.
   */
  async storedResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = this.admission.tryAuthenticate(request) ?? (await this.admission.authenticate(request));
    const call = callOf(request, principal);
    const id = (request.params as { id: string }).id;
    let answer;
    let origin;
    try {
      if ((request.query as { stream?: unknown }).stream === 'true')
        throw new ProxyException(
          ProxyErrorCode.InvalidRequest,
          'A stored response is returned whole; streaming it again is not supported',
          'stream',
        );
      origin = await this.storedResponses.originFor(id, principal.teamId);
      if (!origin)
        throw new ProxyException(
          ProxyErrorCode.ResponseNotFound,
          `No response '${id}' was stored through this gateway for your team`,
          'response_id',
        );
      call.requestedModel = `${origin.provider}/${origin.model}`;
      answer = await this.retrieval.fetch(origin, id);
    } catch (error) {
      this.refuse(call, reply, error);
      throw error;
    }
    void reply
      .status(answer.status)
      .header('content-type', 'application/json')
      .headers(gatewayHeaders(1, call.overheadMs(answer.upstreamMs)))
      .send(answer.body);
    this.settlement.settle(
      call,
      {
        status: answer.status,
        errorClass: answer.status >= 400 ? 'upstream_error' : null,
        refused: false,
        attempts: 1,
        usage: null,
        lease: { keyId: origin.keyId, provider: origin.provider, model: origin.model },
        upstreamMs: answer.upstreamMs,
        firstByteAt: null,
      },
      null,
    );
  }

  async embeddings(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = this.admission.tryAuthenticate(request) ?? (await this.admission.authenticate(request));
    const call = callOf(request, principal);
    this.attribute(call, reply, 'openai', request);
    const body = this.parse(call, reply, embeddingsRequestSchema, request.body);
    await this.serve(call, request, reply, body, EMBEDDING, (target) => prepareEmbeddings(body, target));
  }

  /**
   * Names the person behind the request on its record, before anything else can refuse it, so every refusal is
   * attributed too; a token that requires a user refuses a request naming none.
   */
  private attribute(
    call: CallRecord,
    reply: FastifyReply,
    format: UserNamingFormat,
    request: FastifyRequest,
  ): void {
    call.user = requestUser(format, request.headers, request.body);
    if (call.user !== null || !call.principal.requireUser) return;
    const error = new ProxyException(
      ProxyErrorCode.UserRequired,
      `This token requires a user: send the "${USER_HEADER}" header or the body's ${
        format === 'anthropic' ? '"metadata.user_id"' : '"user"'
      }`,
      format === 'anthropic' ? 'metadata.user_id' : 'user',
    );
    this.refuse(call, reply, error);
    throw error;
  }

  /** A malformed request from a known token still leaves a usage row, so its team can see the refusals. */
  private parse<T extends z.ZodType>(
    call: CallRecord,
    reply: FastifyReply,
    schema: T,
    body: unknown,
    isPlain?: (body: JsonBody) => boolean,
  ): ModelBody {
    try {
      const parsed = parseBody(schema, body, isPlain) as ModelBody;
      call.requestedModel = parsed.model;
      return parsed;
    } catch (error) {
      const model = (body as { model?: unknown } | null | undefined)?.model;
      call.requestedModel = typeof model === 'string' ? model.slice(0, 300) : null;
      this.refuse(call, reply, error);
      throw error;
    }
  }

  /**
   * The one path of every /v1 route that goes upstream: admission (the same for every route), the relay, then
   * settlement. `kind` and `prepare` are all a route adds.
   */
  private async serve(
    call: CallRecord,
    request: FastifyRequest,
    reply: FastifyReply,
    body: ModelBody,
    kind: RouteKind,
    prepare: (target: ProviderTarget) => Exchange,
  ): Promise<void> {
    const bodyBytes = Number(request.headers['content-length'] ?? 0);
    let admission: Admission;
    try {
      admission =
        this.admission.tryAdmit(call.principal, body, bodyBytes, kind) ??
        (await this.admission.admit(call.principal, body, bodyBytes, kind));
    } catch (error) {
      await this.refuseLimited(call, reply, error);
      throw error;
    }
    call.headers = admissionHeaders(admission);
    if (admission.outputLimit !== null) limitOutput(body, admission.outputLimit, kind.outputLimitField);
    const disconnect = ClientDisconnect.of(reply.raw);
    let result: RelayResult;
    try {
      result = await this.inFlight.track(
        disconnect,
        this.relay.run({
          targets: admission.targets,
          prepare,
          sink: call.stream ? new ReplyStreamSink(reply, call, disconnect) : null,
          disconnect,
        }),
      );
    } catch (error) {
      // Not an upstream's answer but a fault of the gateway's own: recorded as the 500 the filter answers.
      captureFailure(call, error);
      this.settlement.settle(call, faultOutcome(statusOf(error)), admission);
      throw error;
    }
    if (result.storedResponseId && result.lease)
      this.storedResponses.remember(result.storedResponseId, {
        teamId: call.principal.teamId,
        ...result.lease,
      });
    const error = this.answer(call, reply, result);
    this.settlement.settle(call, outcomeOf(result, error), admission);
    if (error) throw error;
  }

  /**
   * Sends what the relay brought back (a stream is already written) and answers the error the exception filter
   * is left to write, if any.
   */
  private answer(call: CallRecord, reply: FastifyReply, result: RelayResult): Error | undefined {
    const outcome = result.outcome;
    switch (outcome.kind) {
      case 'answered': {
        const body =
          Buffer.isBuffer(outcome.body) || typeof outcome.body === 'string'
            ? outcome.body
            : JSON.stringify(outcome.body);
        call.bodies?.answer(body);
        void reply
          .status(outcome.status)
          .header('content-type', 'application/json')
          .headers(gatewayHeaders(result.attempts, call.overheadMs(result.upstreamMs), call.headers))
          .send(body);
        return undefined;
      }
      case 'streamed':
        return undefined;
      case 'client_gone':
        if (!reply.raw.headersSent) reply.raw.destroy();
        return undefined;
      case 'shut_down':
        void reply.headers(gatewayHeaders(result.attempts, call.overheadMs(result.upstreamMs)));
        return new ProxyException(
          ProxyErrorCode.ShuttingDown,
          'The gateway is shutting down; retry the request',
          null,
          1,
        );
      case 'refused': {
        void reply.headers(gatewayHeaders(result.attempts, call.overheadMs(result.upstreamMs), call.headers));
        const error = refusalError(outcome.refusal);
        captureFailure(call, error);
        return error;
      }
    }
  }

  /** A request refused before any upstream call still leaves a usage row, so refusals show on the dashboard. */
  private refuse(call: CallRecord, reply: FastifyReply, error: unknown): void {
    void reply.headers(gatewayHeaders(0, call.overheadMs(0), call.headers));
    captureFailure(call, error);
    this.settlement.settle(call, refusedOutcome(statusOf(error), refusalClass(error)), null);
  }

  /** `refuse`, with the token's `x-ratelimit-*` headers as they stand when the refusal did not count the request. */
  private async refuseLimited(call: CallRecord, reply: FastifyReply, error: unknown): Promise<void> {
    const counted = error instanceof ProxyException && error.headers !== undefined;
    if (!counted && (call.principal.rpm !== null || call.principal.tpm !== null)) {
      call.headers = rateLimitHeaders(await this.admission.rateLimitOf(call.principal).catch(() => null));
    }
    this.refuse(call, reply, error);
  }
}

/**
 * A request without a valid token gets no record: it belongs to no team, and the exception filter answers it. The
 * endpoint is the route that matched, never the raw path, whose spellings a client chooses.
 */
function callOf(request: FastifyRequest, principal: ProxyTokenPrincipal): CallRecord {
  const call = new CallRecord(request.id, request.routeOptions.url ?? request.url.split('?')[0]!, principal);
  if (principal.logBodies) call.bodies = new BodyCapture(request.body);
  return call;
}

/** The answer an error becomes, for the logged body of a request the gateway answered itself. */
function captureFailure(call: CallRecord, error: unknown): void {
  call.bodies?.failed(statusOf(error), error instanceof Error ? error.message : String(error));
}

function outcomeOf(result: RelayResult, error: Error | undefined): CallOutcome {
  const outcome = result.outcome;
  return {
    status:
      outcome.kind === 'client_gone'
        ? 499
        : outcome.kind === 'refused' || outcome.kind === 'shut_down'
          ? statusOf(error)
          : outcome.status,
    errorClass: result.errorClass,
    refused: false,
    attempts: result.attempts,
    usage: result.usage,
    lease: result.lease,
    upstreamMs: result.upstreamMs,
    firstByteAt: result.firstByteAt,
    ...(result.storedResponseId ? { storedResponseId: result.storedResponseId } : {}),
  };
}
