import { Get } from '@nestjs/common';
import { UuidParam } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { RequestBodiesService } from './request-bodies.service.js';

@AdminController('usage', 'usage')
export class RequestBodiesController {
  constructor(private readonly bodies: RequestBodiesService) {}

  @Get(':requestId/body')
  @RequirePermission(Permission.RequestBodiesRead)
  read(@Auth() auth: AuthContext, @UuidParam('requestId') requestId: string) {
    return this.bodies.read(auth, requestId);
  }
}
