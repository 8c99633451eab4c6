import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import { CreditPeriodsRepository } from './credit-periods.repository.js';
import { microsToUsd } from './money.js';

const CREDITS_ACTOR = {
  kind: 'system' as const,
  label: 'credits',
  ip: null,
  userAgent: null,
  requestId: 'credits',
};

/** The `budget.alert` audit event: once per period, when settled spend first reaches `alertAtPercent`. */
@Injectable()
export class BudgetAlerts {
  constructor(
    private readonly periods: CreditPeriodsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationOutbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** True when this call raised the alert; `alerted_at` makes sure only one replica ever does. */
  async raiseIfCrossed(periodId: string, alertAtPercent: number): Promise<boolean> {
    const crossed = await this.periods.markAlerted(periodId, alertAtPercent);
    if (!crossed) return false;
    await this.audit.record(
      CREDITS_ACTOR,
      'budget.alert',
      { type: 'team', id: crossed.teamId },
      {
        after: {
          periodStart: crossed.periodStart.toISOString(),
          limitUsd: microsToUsd(crossed.limit),
          spentUsd: microsToUsd(crossed.spent),
          alertAtPercent,
        },
      },
    );
    this.logger.warn(
      { teamId: crossed.teamId, alertAtPercent, spentMicros: crossed.spent.toString() },
      'team budget alert threshold reached',
    );
    this.notifications.budgetCrossed({
      kind: 'budget.threshold',
      at: new Date(),
      teamId: crossed.teamId,
      spentMicros: crossed.spent,
      limitMicros: crossed.limit,
      periodStart: crossed.periodStart,
    });
    return true;
  }
}
