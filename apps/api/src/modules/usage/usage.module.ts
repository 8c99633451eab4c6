import { Global, Module } from '@nestjs/common';
import { CreditsModule } from '../credits/credits.module.js';
import { UsageController } from './usage.controller.js';
import { UsageRecorder } from './usage-recorder.js';
import { UsageRepository } from './usage.repository.js';
import { UsageService } from './usage.service.js';

/** Global: the proxy records through UsageRecorder. */
@Global()
@Module({
  imports: [CreditsModule],
  controllers: [UsageController],
  providers: [UsageRecorder, UsageRepository, UsageService],
  exports: [UsageRecorder, UsageRepository],
})
export class UsageModule {}
