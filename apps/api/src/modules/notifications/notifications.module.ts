import { Module } from '@nestjs/common';
import { ProviderKeysModule } from '../provider-keys/provider-keys.module.js';
import { ChannelSecrets } from './channel-secrets.js';
import { ChannelSender } from './channel-sender.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationOutbox } from './notification-outbox.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Webhook and Slack channels for budget and key events. Modules that detect an event import this one for
 * `NotificationOutbox`, and hand the event over without waiting.
 */
@Module({
  imports: [ProviderKeysModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationsRepository,
    NotificationOutbox,
    NotificationDispatcher,
    ChannelSender,
    ChannelSecrets,
  ],
  exports: [NotificationOutbox],
})
export class NotificationsModule {}
