import { Post, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { DocumentBody, ZodBody } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { type ApplyConfigBody, applyConfigSchema } from './config-apply.schemas.js';
import { ConfigApplyService } from './config-apply.service.js';

@AdminController('config', 'config')
export class ConfigApplyController {
  constructor(private readonly config: ConfigApplyService) {}

  /** 200 with the plan (applied unless a dry run), 400 with every problem of the file and nothing applied. */
  @Post('apply')
  @RequirePermission(Permission.SettingsManage)
  @DocumentBody(applyConfigSchema)
  async apply(
    @Auth() auth: AuthContext,
    @ZodBody(applyConfigSchema) body: ApplyConfigBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.config.apply(auth, body);
    void reply.status(outcome.httpStatus);
    return outcome.body;
  }
}
