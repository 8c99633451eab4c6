import { Get, Patch } from '@nestjs/common';
import { DocumentBody, ZodBody } from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import { type UpdateSettingsBody, updateSettingsSchema } from './settings.schemas.js';
import { SettingsService } from './settings.service.js';

@AdminController('settings', 'settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @RequirePermission(Permission.SettingsRead)
  get() {
    return this.settings.get();
  }

  @Patch()
  @RequirePermission(Permission.SettingsManage)
  @DocumentBody(updateSettingsSchema)
  update(@Auth() auth: AuthContext, @ZodBody(updateSettingsSchema) body: UpdateSettingsBody) {
    return this.settings.update(auth, body);
  }
}
