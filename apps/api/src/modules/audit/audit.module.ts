import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditKeys } from './audit-keys.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** Global: every module that mutates something writes its audit event through AuditService. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditKeys, AuditCheckpoints],
  exports: [AuditService, AuditCheckpoints],
})
export class AuditModule {}
