import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { BodyLogRetention } from './body-log-retention.js';
import { BodyRecording } from './body-recording.js';
import { BodyRedactor } from './body-redactor.js';
import { RequestBodiesController } from './request-bodies.controller.js';
import { RequestBodiesRepository } from './request-bodies.repository.js';
import { RequestBodiesService } from './request-bodies.service.js';

/** Opt-in logging of /v1 bodies: what settlement records (redacted), the admin read, and the retention job. */
@Module({
  imports: [SettingsModule],
  controllers: [RequestBodiesController],
  providers: [BodyLogRetention, BodyRecording, BodyRedactor, RequestBodiesRepository, RequestBodiesService],
  exports: [BodyRecording],
})
export class RequestBodiesModule {}
