import { Injectable } from '@nestjs/common';
import { estimatePromptTokens } from '@switchyard/providers';
import { type FastifyRequest } from 'fastify';
import { validationFailure } from '../../common/validation/zod-validation.pipe.js';
import { ProxyAdmission } from './proxy-admission.js';
import { tokenCountSchema } from './proxy-request.schemas.js';

/** `POST /v1/messages/count_tokens` and `POST /v1/token-count`: a prompt's tokens, estimated without a provider. */
@Injectable()
export class TokenCountService {
  constructor(private readonly admission: ProxyAdmission) {}

  async count(request: FastifyRequest, format: 'openai' | 'anthropic') {
    await this.admission.authenticate(request);
    const parsed = tokenCountSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw validationFailure(parsed.error, 'request');
    const tokens = estimatePromptTokens(format, parsed.data);
    return format === 'openai' ? { prompt_tokens: tokens } : { input_tokens: tokens };
  }
}
