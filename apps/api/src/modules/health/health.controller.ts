import { Controller, Get, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { HealthService } from './health.service.js';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const readiness = await this.health.readiness();
    void reply.status(readiness.ready ? 200 : 503);
    const status = !readiness.ready ? 'unavailable' : readiness.degraded ? 'degraded' : 'ok';
    return readiness.reason === undefined
      ? { status, checks: readiness.checks }
      : { status, reason: readiness.reason, checks: readiness.checks };
  }
}
