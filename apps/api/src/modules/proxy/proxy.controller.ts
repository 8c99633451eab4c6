import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ModelDirectoryService } from './model-directory.service.js';
import { ProxyService } from './proxy.service.js';
import { TokenCountService } from './token-count.service.js';

/** The OpenAI- and Anthropic-compatible data plane. Replies are written by the service (streams included). */
@Controller('v1')
@ApiExcludeController()
export class ProxyController {
  constructor(
    private readonly proxy: ProxyService,
    private readonly directory: ModelDirectoryService,
    private readonly tokens: TokenCountService,
  ) {}

  @Post('chat/completions')
  chatCompletions(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy.chat('openai', request, reply);
  }

  @Post('messages')
  messages(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy.chat('anthropic', request, reply);
  }

  @Post('responses')
  responses(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy.responses(request, reply);
  }

  @Get('responses/:id')
  storedResponse(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy.storedResponse(request, reply);
  }

  @Post('embeddings')
  embeddings(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.proxy.embeddings(request, reply);
  }

  @Post('messages/count_tokens')
  countTokens(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.tokens.count(request, reply, 'anthropic');
  }

  @Post('token-count')
  tokenCount(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.tokens.count(request, reply, 'openai');
  }

  @Get('models')
  models(@Req() request: FastifyRequest) {
    return this.directory.models(request);
  }

  @Get('providers')
  providers(@Req() request: FastifyRequest) {
    return this.directory.providers(request);
  }
}
