import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type NotificationChannel,
  type NotificationDelivery,
  TEST_NOTIFICATION_EVENT,
} from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { ChannelSecrets } from './channel-secrets.js';
import { ChannelSender } from './channel-sender.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { channelAudit, toChannelView, toDeliveryView } from './notification.view.js';
import { NotificationsErrorCode, NotificationsException } from './notifications.exception.js';
import { type ChannelRow, NotificationsRepository } from './notifications.repository.js';
import {
  type CreateChannelBody,
  type ListChannelsQuery,
  type ListDeliveriesQuery,
  type UpdateChannelBody,
} from './notifications.schemas.js';

const pageKey = z.tuple([z.iso.datetime(), z.uuid()]);
const afterKey = (cursor: string | undefined) => {
  const key = decodeCursor(cursor, pageKey);
  return key && { createdAt: new Date(key[0]), id: key[1] };
};
const keyOf = (row: { createdAt: Date; id: string }) => [row.createdAt.toISOString(), row.id];

const channelNotFound = (id: string) =>
  new NotificationsException(
    NotificationsErrorCode.ChannelNotFound,
    `No notification channel with id ${id}`,
    'id',
  );

@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly secrets: ChannelSecrets,
    private readonly sender: ChannelSender,
    private readonly dispatcher: NotificationDispatcher,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListChannelsQuery): Promise<Page<NotificationChannel>> {
    const rows = await this.repository.listChannels(afterKey(query.cursor), query.limit + 1);
    const page = toPage(rows, query.limit, keyOf);
    return { items: page.items.map(toChannelView), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<NotificationChannel> {
    return toChannelView(await this.require(id));
  }

  async create(auth: Actor, body: CreateChannelBody): Promise<NotificationChannel> {
    await this.checkAddress(body.url);
    const created = await this.repository.createChannel({
      kind: body.kind,
      url: body.url,
      events: body.events,
      secret: body.secret === undefined ? null : this.secrets.seal(body.secret),
    });
    await this.audit.record(
      auth,
      'notification_channel.create',
      { type: 'notification_channel', id: created.id },
      { after: channelAudit(created) },
    );
    return toChannelView(created);
  }

  async update(auth: Actor, id: string, body: UpdateChannelBody): Promise<NotificationChannel> {
    const before = await this.require(id);
    if (body.url !== undefined) await this.checkAddress(body.url);
    const after = await this.repository.updateChannel(id, {
      kind: body.kind,
      url: body.url,
      events: body.events,
      secret:
        body.secret === undefined ? undefined : body.secret === null ? null : this.secrets.seal(body.secret),
    });
    if (!after) throw channelNotFound(id);
    await this.audit.record(
      auth,
      'notification_channel.update',
      { type: 'notification_channel', id },
      {
        before: channelAudit(before),
        after: { ...channelAudit(after), ...(body.secret !== undefined ? { secretChanged: true } : {}) },
      },
    );
    return toChannelView(after);
  }

  async remove(auth: Actor, id: string): Promise<NotificationChannel> {
    const existing = await this.require(id);
    if (!(await this.repository.deleteChannel(id))) throw channelNotFound(id);
    await this.audit.record(
      auth,
      'notification_channel.delete',
      { type: 'notification_channel', id },
      { before: channelAudit(existing) },
    );
    return toChannelView(existing);
  }

  async deliveries(id: string, query: ListDeliveriesQuery): Promise<Page<NotificationDelivery>> {
    const after = afterKey(query.cursor);
    await this.require(id);
    const rows = await this.repository.listDeliveries(id, after, query.limit + 1);
    const page = toPage(rows, query.limit, keyOf);
    return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
  }

  /**
   * Queues a `notification.test` event for this channel alone and makes its first attempt before answering; a
   * failed test is retried like any delivery.
   */
  async sendTest(auth: Actor, id: string): Promise<NotificationDelivery> {
    const channel = await this.require(id);
    const at = new Date().toISOString();
    const claimed = await this.repository.enqueueClaimed(
      {
        event: TEST_NOTIFICATION_EVENT,
        dedupeKey: `${TEST_NOTIFICATION_EVENT}:${randomUUID()}`,
        payload: JSON.stringify({ event: TEST_NOTIFICATION_EVENT, at, channelId: id }),
      },
      id,
      this.dispatcher.claimHoldMs(),
    );
    if (!claimed) throw channelNotFound(id);
    const deliveryId = claimed.id;
    await this.audit.record(
      auth,
      'notification_channel.test',
      { type: 'notification_channel', id },
      { after: { ...channelAudit(channel), deliveryId } },
    );
    await this.dispatcher.attemptClaimed(claimed);
    const delivery = await this.repository.findDelivery(deliveryId);
    if (!delivery) throw channelNotFound(id);
    return toDeliveryView(delivery);
  }

  private async require(id: string): Promise<ChannelRow> {
    const row = await this.repository.findChannel(id);
    if (!row) throw channelNotFound(id);
    return row;
  }

  private async checkAddress(url: string): Promise<void> {
    const problem = await this.sender.addressProblem(url);
    if (problem)
      throw new NotificationsException(NotificationsErrorCode.UrlNotAllowed, `url ${problem}`, 'url');
  }
}
