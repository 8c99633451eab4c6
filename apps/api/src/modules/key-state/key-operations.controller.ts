import { Get, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { DocumentQuery, UuidParam, ZodQuery } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { KeyOperationsService } from './key-operations.service.js';

const limitsQuerySchema = z.object({
  refresh: z
    .enum(['true', 'false'], { message: 'refresh must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
});

/** Operations on one key's live state in the gateway's pool (the rest of `/provider-keys` is the stored key). */
@AdminController('provider-keys', 'provider-keys')
export class KeyOperationsController {
  constructor(private readonly operations: KeyOperationsService) {}

  @Post(':id/reset')
  @HttpCode(200)
  @RequirePermission(Permission.ProvidersManage)
  reset(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.operations.reset(auth, id);
  }

  @Get(':id/limits')
  @RequirePermission(Permission.ProvidersRead)
  @DocumentQuery(limitsQuerySchema)
  limits(
    @Auth() auth: AuthContext,
    @UuidParam('id') id: string,
    @ZodQuery(limitsQuerySchema) query: z.infer<typeof limitsQuerySchema>,
  ) {
    return this.operations.limits(auth, id, query.refresh);
  }
}
