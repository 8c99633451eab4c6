import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { hashPassword } from './passwords.js';

export const NO_OWNER_WARNING =
  'no user exists, so nobody can sign in: set SWITCHYARD_ADMIN_EMAIL and SWITCHYARD_ADMIN_PASSWORD (12 characters or more) and restart to create the first owner';

/**
 * Creates the first owner from SWITCHYARD_ADMIN_EMAIL/PASSWORD, only while no user exists at all; without them, an
 * install with no user says at every start how to get in.
 */
@Injectable()
export class BootstrapOwner implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if ((await this.users.count()) > 0) return;
    if (!adminEmail || !adminPassword) {
      this.logger.warn(NO_OWNER_WARNING);
      return;
    }
    const owner = await this.users.create({
      email: adminEmail,
      passwordHash: await hashPassword(adminPassword),
      role: 'owner',
    });
    await this.audit.record(
      { kind: 'system', label: 'bootstrap', ip: null, userAgent: null, requestId: 'bootstrap' },
      'user.create',
      { type: 'user', id: owner.id },
      { after: { email: owner.email, role: owner.role } },
    );
    this.logger.info({ email: owner.email }, 'created the first owner from SWITCHYARD_ADMIN_EMAIL');
  }
}
