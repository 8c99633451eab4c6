import { Get } from '@nestjs/common';
import { type z } from 'zod';
import { pageQuerySchema } from '../../common/paging/cursor.js';
import { DocumentQuery, ZodQuery } from '../../common/validation/zod-params.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { KeyStateService } from './key-state.service.js';

@AdminController('key-state', 'key-state')
export class KeyStateController {
  constructor(private readonly keyState: KeyStateService) {}

  @Get()
  @RequirePermission(Permission.KeyStateRead)
  @DocumentQuery(pageQuerySchema)
  list(@ZodQuery(pageQuerySchema) query: z.infer<typeof pageQuerySchema>) {
    return this.keyState.list(query.cursor, query.limit);
  }
}
