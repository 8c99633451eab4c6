import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { BudgetAlerts } from './budget-alerts.js';
import { BudgetCache } from './budget-cache.js';
import { BudgetsRepository } from './budgets.repository.js';
import { CreditClock } from './credit-clock.js';
import { CreditGate } from './credit-gate.js';
import { CreditPeriodsRepository } from './credit-periods.repository.js';
import { CreditSpill } from './credit-spill.js';
import { PeriodChargesRepository } from './period-charges.repository.js';
import { CreditsController } from './credits.controller.js';
import { CreditsService } from './credits.service.js';

/**
 * Team and token budgets and their enforcement; the gateway imports this module for `CreditGate`, the config import
 * and tokens for `CreditsService`. Budget crossings go to notifications through `BudgetAlerts`.
 */
@Module({
  imports: [SettingsModule, NotificationsModule],
  controllers: [CreditsController],
  providers: [
    CreditsService,
    CreditGate,
    CreditSpill,
    BudgetCache,
    BudgetAlerts,
    CreditClock,
    BudgetsRepository,
    CreditPeriodsRepository,
    PeriodChargesRepository,
  ],
  exports: [CreditGate, CreditsService, PeriodChargesRepository],
})
export class CreditsModule {}
