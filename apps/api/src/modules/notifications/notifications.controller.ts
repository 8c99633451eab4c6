import { Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  DocumentBody,
  DocumentQuery,
  UuidParam,
  ZodBody,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import {
  type CreateChannelBody,
  createChannelSchema,
  type ListChannelsQuery,
  listChannelsSchema,
  type ListDeliveriesQuery,
  listDeliveriesSchema,
  type UpdateChannelBody,
  updateChannelSchema,
} from './notifications.schemas.js';
import { NotificationsService } from './notifications.service.js';

@AdminController('notifications', 'notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission(Permission.NotificationsRead)
  @DocumentQuery(listChannelsSchema)
  list(@ZodQuery(listChannelsSchema) query: ListChannelsQuery) {
    return this.notifications.list(query);
  }

  @Post()
  @RequirePermission(Permission.NotificationsManage)
  @DocumentBody(createChannelSchema)
  create(@Auth() auth: AuthContext, @ZodBody(createChannelSchema) body: CreateChannelBody) {
    return this.notifications.create(auth, body);
  }

  @Get(':id')
  @RequirePermission(Permission.NotificationsRead)
  get(@UuidParam('id') id: string) {
    return this.notifications.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.NotificationsManage)
  @DocumentBody(updateChannelSchema)
  update(
    @Auth() auth: AuthContext,
    @UuidParam('id') id: string,
    @ZodBody(updateChannelSchema) body: UpdateChannelBody,
  ) {
    return this.notifications.update(auth, id, body);
  }

  @Delete(':id')
  @RequirePermission(Permission.NotificationsManage)
  remove(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.notifications.remove(auth, id);
  }

  @Get(':id/deliveries')
  @RequirePermission(Permission.NotificationsRead)
  @DocumentQuery(listDeliveriesSchema)
  deliveries(@UuidParam('id') id: string, @ZodQuery(listDeliveriesSchema) query: ListDeliveriesQuery) {
    return this.notifications.deliveries(id, query);
  }

  /** Sends a `notification.test` event now; answers the delivery with its first attempt. */
  @Post(':id/test')
  @HttpCode(200)
  @RequirePermission(Permission.NotificationsManage)
  test(@Auth() auth: AuthContext, @UuidParam('id') id: string) {
    return this.notifications.sendTest(auth, id);
  }
}
