import { Get, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { DocumentQuery, ZodQuery } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { type UsageQuery, usageQuerySchema } from './usage.schemas.js';
import { UsageService } from './usage.service.js';

@AdminController('', 'usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get('usage')
  @RequirePermission(Permission.UsageRead)
  @DocumentQuery(usageQuerySchema.in)
  list(@Auth() auth: AuthContext, @ZodQuery(usageQuerySchema) query: UsageQuery) {
    return this.usage.query(auth, query);
  }

  @Get('usage.csv')
  @RequirePermission(Permission.UsageRead)
  @DocumentQuery(usageQuerySchema.in)
  async csv(
    @Auth() auth: AuthContext,
    @ZodQuery(usageQuerySchema) query: UsageQuery,
    @Res() reply: FastifyReply,
  ) {
    const lines = await this.usage.csv(auth, query);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="usage-by-${query.groupBy.join('-')}.csv"`)
      .send(Readable.from(lines));
  }
}
