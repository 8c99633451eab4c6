import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import { CreditPeriodsRepository, type CrossedPeriod } from './credit-periods.repository.js';
import { microsToUsd } from './money.js';

const CREDITS_ACTOR = {
  kind: 'system' as const,
  label: 'credits',
  ip: null,
  userAgent: null,
  requestId: 'credits',
};

/**
 * The one place a budget crossing is raised: the `budget.alert` and `budget.exhausted` audit events and their
 * notifications (`budget.threshold`, `budget.exhausted`), each once per period and budget (team or token), on
 * whichever replica marks the period first (`alerted_at`, `exhausted_at`).
 */
@Injectable()
export class BudgetAlerts {
  constructor(
    private readonly periods: CreditPeriodsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationOutbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** True when this call raised the threshold alert: settled spend first reached `alertAtPercent`. */
  async raiseIfCrossed(periodId: string, alertAtPercent: number): Promise<boolean> {
    const crossed = await this.periods.markAlerted(periodId, alertAtPercent);
    if (!crossed) return false;
    await this.raise('budget.threshold', 'budget.alert', crossed, { alertAtPercent });
    return true;
  }

  /**
   * True when this call raised the exhausted alert: the period's spend reached its limit, or (`refused`) a request
   * was just refused for want of credit.
   */
  async raiseIfExhausted(periodId: string, refused: boolean): Promise<boolean> {
    const crossed = await this.periods.markExhausted(periodId, refused);
    if (!crossed) return false;
    await this.raise('budget.exhausted', 'budget.exhausted', crossed, {});
    return true;
  }

  private async raise(
    kind: 'budget.threshold' | 'budget.exhausted',
    action: string,
    crossed: CrossedPeriod,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const target = crossed.tokenId
      ? { type: 'token', id: crossed.tokenId }
      : { type: 'team', id: crossed.teamId };
    await this.audit.record(CREDITS_ACTOR, action, target, {
      after: {
        teamId: crossed.teamId,
        periodStart: crossed.periodStart.toISOString(),
        limitUsd: microsToUsd(crossed.limit),
        spentUsd: microsToUsd(crossed.spent),
        ...extra,
      },
    });
    const percent =
      crossed.limit > 0n ? Number((crossed.spent * 100n) / crossed.limit) : crossed.spent > 0n ? 100 : 0;
    this.logger.warn(
      { teamId: crossed.teamId, tokenId: crossed.tokenId, percent, event: kind },
      kind === 'budget.threshold' ? 'budget alert threshold reached' : 'budget exhausted',
    );
    this.notifications.budgetCrossed({
      kind,
      at: new Date(),
      teamId: crossed.teamId,
      tokenId: crossed.tokenId,
      spentMicros: crossed.spent,
      limitMicros: crossed.limit,
      periodStart: crossed.periodStart,
    });
  }
}
