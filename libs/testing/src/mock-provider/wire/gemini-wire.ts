import { isObject, textOfParts, type ChatRequestSummary, type ReplyPlan } from '../reply-plan.js';
import { sseData, type ErrorAnswer, type MockWireFormat } from './wire-format.js';

const FINISH_REASONS = { stop: 'STOP', length: 'MAX_TOKENS', tool_call: 'STOP' } as const;

const error = (code: number, status: string, message: string, details?: unknown[]): ErrorAnswer => ({
  status: code,
  body: { error: { code, message, status, ...(details ? { details } : {}) } },
});

const errorInfo = (reason: string): Record<string, unknown> => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'googleapis.com',
  metadata: { service: 'generativelanguage.googleapis.com' },
});

function usageMetadata(plan: ReplyPlan, candidatesTokens = plan.completionTokens): Record<string, unknown> {
  return {
    promptTokenCount: plan.promptTokens,
    candidatesTokenCount: candidatesTokens,
    totalTokenCount: plan.promptTokens + candidatesTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: plan.promptTokens }],
  };
}

function functionCallPart(plan: ReplyPlan): Record<string, unknown> | undefined {
  return plan.toolCall
    ? {
        functionCall: { name: plan.toolCall.name, args: plan.toolCall.arguments },
        thoughtSignature: 'bW9jay1zaWduYXR1cmU=',
      }
    : undefined;
}

function isFunctionResponseTurn(content: Record<string, unknown>): boolean {
  return (
    Array.isArray(content.parts) &&
    content.parts.some((part) => isObject(part) && part.functionResponse !== undefined)
  );
}

export const geminiWire: MockWireFormat = {
  summarize(body, model) {
    if (!isObject(body) || !Array.isArray(body.contents))
      return error(400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified');
    const contents = body.contents.filter(isObject);
    const last = contents[contents.length - 1];
    const declarations = (Array.isArray(body.tools) ? body.tools : [])
      .filter(isObject)
      .flatMap((tool) => (Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : []));
    const config = isObject(body.generationConfig) ? body.generationConfig : {};
    const summary: ChatRequestSummary = {
      model,
      lastUserText:
        last && last.role !== 'model' && !isFunctionResponseTurn(last) ? textOfParts(last.parts) : undefined,
      tools: declarations
        .filter(isObject)
        .map((declaration) => ({ name: String(declaration.name ?? ''), schema: declaration.parameters })),
      maxTokens: typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined,
      promptText: [
        isObject(body.systemInstruction) ? textOfParts(body.systemInstruction.parts) : '',
        ...contents.map((content) => textOfParts(content.parts)),
      ]
        .filter(Boolean)
        .join('\n'),
    };
    return summary;
  },

  completion(plan, id) {
    const parts: Record<string, unknown>[] = [];
    if (plan.pieces.length > 0) parts.push({ text: plan.pieces.join('') });
    const call = functionCallPart(plan);
    if (call) parts.push(call);
    return {
      candidates: [
        { content: { parts, role: 'model' }, finishReason: FINISH_REASONS[plan.finish], index: 0 },
      ],
      usageMetadata: usageMetadata(plan),
      modelVersion: plan.model,
      responseId: id,
    };
  },

  streamEvents(plan, id) {
    const event = (parts: Record<string, unknown>[], last: boolean, tokensSoFar: number): string =>
      sseData({
        candidates: [
          {
            content: { parts, role: 'model' },
            ...(last ? { finishReason: FINISH_REASONS[plan.finish] } : {}),
            index: 0,
          },
        ],
        usageMetadata: usageMetadata(plan, tokensSoFar),
        modelVersion: plan.model,
        responseId: id,
      }).replace(/\n\n$/, '\r\n\r\n');
    const call = functionCallPart(plan);
    const events = plan.pieces.map((piece, index) =>
      event([{ text: piece }], !call && index === plan.pieces.length - 1, index + 1),
    );
    if (call) events.push(event([call], true, plan.completionTokens));
    if (events.length === 0) events.push(event([{ text: '' }], true, 0));
    return events;
  },

  failure(failure, model) {
    switch (failure.type) {
      case 'rate_limit':
        return error(
          429,
          'RESOURCE_EXHAUSTED',
          'Resource has been exhausted (e.g. check quota).',
          failure.retryAfterSeconds !== undefined
            ? [
                {
                  '@type': 'type.googleapis.com/google.rpc.RetryInfo',
                  retryDelay: `${failure.retryAfterSeconds}s`,
                },
              ]
            : undefined,
        );
      case 'quota_exhausted':
        return error(
          429,
          'RESOURCE_EXHAUSTED',
          `You exceeded your current quota, please check your plan and billing details. Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, model: ${model}`,
          [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [
                {
                  quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
                  quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
                  quotaDimensions: { model, location: 'global' },
                  quotaValue: '250',
                },
              ],
            },
          ],
        );
      case 'insufficient_quota':
      case 'billing':
        return error(403, 'PERMISSION_DENIED', 'This API method requires billing to be enabled.', [
          errorInfo('BILLING_DISABLED'),
        ]);
      case 'auth':
        return error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          errorInfo('API_KEY_INVALID'),
        ]);
      case 'forbidden':
        return error(
          403,
          'PERMISSION_DENIED',
          "Permission denied: Consumer 'api_key:mock' has been suspended.",
          [errorInfo('CONSUMER_SUSPENDED')],
        );
      case 'server': {
        const status = failure.status ?? 500;
        return status === 503
          ? error(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
          : error(
              status,
              'INTERNAL',
              'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
            );
      }
      case 'model_not_found':
        return error(
          404,
          'NOT_FOUND',
          `models/${model} is not found for API version v1beta, or is not supported for generateContent.`,
        );
      case 'bad_request':
        return error(
          400,
          'INVALID_ARGUMENT',
          'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
        );
    }
  },

  // Gemini sends no rate-limit headers.
  rateLimitHeaders: () => ({}),
};
