import { Injectable } from '@nestjs/common';
import { type LedgerEntry, type Spend } from '@switchyard/contracts';
import { z } from 'zod';
import { decodeCursor, type Page, toPage } from '../../common/paging/cursor.js';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { type AuthContext, isTeamScoped } from '../auth/auth-context.js';
import { ConfigChangeFeed } from '../settings/config-change-feed.js';
import { type Budget } from './budget.js';
import { BudgetAlerts } from './budget-alerts.js';
import { periodWindow } from './budget-period.js';
import { BudgetsRepository, type TeamBudget, type TeamRecord } from './budgets.repository.js';
import { CreditClock } from './credit-clock.js';
import { type AdjustCreditsBody, type LedgerQuery, type SetBudgetBody } from './credits.schemas.js';
import { CreditsErrorCode, CreditsException } from './credits.exception.js';
import { toLedgerEntryView } from './ledger-entry.view.js';
import { microsToUsd } from './money.js';
import { toSpendView, unlimitedSpendView } from './spend.view.js';

const budgetAudit = (budget: TeamBudget | null) =>
  budget && {
    limitUsd: microsToUsd(budget.limitMicros),
    period: budget.period,
    mode: budget.mode,
    alertAtPercent: budget.alertAtPercent,
  };

/**
 * Team budgets, spend and the credit ledger. Team-scoped roles (team_admin, member) may read only the spend and
 * ledger of live teams they belong to; any other team answers 404, exactly like a team that does not exist.
 */
@Injectable()
export class CreditsService {
  constructor(
    private readonly budgets: BudgetsRepository,
    private readonly alerts: BudgetAlerts,
    private readonly clock: CreditClock,
    private readonly audit: AuditService,
    private readonly changes: ConfigChangeFeed,
  ) {}

  /** A token's budget and its current period, for `GET /admin/tokens/:id/spend` (the caller checked visibility). */
  async tokenSpend(teamId: string, tokenId: string, budget: Budget | null): Promise<Spend> {
    if (!budget) return { ...unlimitedSpendView(teamId), tokenId };
    const window = periodWindow(budget.period, this.clock.now());
    return toSpendView(budget, window, await this.budgets.findPeriod(teamId, window.start, tokenId));
  }

  /**
   * A token's budget changed: its current period takes the new limit (a token budget has no adjustments to keep),
   * and every replica gives back what it leased under the old one when the token's next request shows the change.
   */
  async tokenBudgetChanged(budget: Budget): Promise<void> {
    await this.budgets.setPeriodLimit(budget, periodWindow(budget.period, this.clock.now()));
  }

  async spend(auth: AuthContext, teamId: string): Promise<Spend> {
    return this.spendOf(await this.visibleTeam(auth, teamId));
  }

  /** The budgets as set, null for an unlimited team; the current period's limit may differ after adjustments. */
  async budgetsOf(teamIds: string[]): Promise<Map<string, TeamBudget | null>> {
    if (teamIds.length === 0) return new Map();
    const teams = await this.budgets.findTeams(teamIds);
    return new Map(teams.map((team) => [team.id, team.budget]));
  }

  async ledger(auth: AuthContext, teamId: string, query: LedgerQuery): Promise<Page<LedgerEntry>> {
    await this.visibleTeam(auth, teamId);
    const beforeId = decodeCursor(query.cursor, z.string().regex(/^\d{1,18}$/));
    const rows = await this.budgets.ledger(
      teamId,
      beforeId === undefined ? undefined : BigInt(beforeId),
      query.limit + 1,
    );
    const page = toPage(rows, query.limit, (row) => row.id.toString());
    return { items: page.items.map(toLedgerEntryView), nextCursor: page.nextCursor };
  }

  async setBudget(auth: Actor, teamId: string, body: SetBudgetBody): Promise<Spend> {
    await this.liveTeam(teamId);
    const budget: TeamBudget = {
      teamId,
      tokenId: null,
      limitMicros: body.limitUsd,
      period: body.period,
      mode: body.mode ?? 'hard',
      alertAtPercent: body.alertAtPercent ?? null,
    };
    const window = periodWindow(budget.period, this.clock.now());
    const { before, periodId } = await this.budgets.setBudget(
      budget,
      window,
      'id' in auth ? auth.id : null,
      `budget set to $${microsToUsd(budget.limitMicros)} ${budget.period} by ${auth.label}`,
    );
    await this.audit.record(
      auth,
      'budget.set',
      { type: 'team', id: teamId },
      { before: budgetAudit(before), after: budgetAudit(budget) },
    );
    await this.changes.publish({ topic: 'budget', teamId });
    if (budget.alertAtPercent !== null) await this.alerts.raiseIfCrossed(periodId, budget.alertAtPercent);
    return this.spendOf(await this.liveTeam(teamId));
  }

  async removeBudget(auth: Actor, teamId: string): Promise<Spend> {
    await this.liveTeam(teamId);
    const before = await this.budgets.removeBudget(teamId);
    if (before) {
      await this.audit.record(
        auth,
        'budget.remove',
        { type: 'team', id: teamId },
        { before: budgetAudit(before) },
      );
      await this.changes.publish({ topic: 'budget', teamId });
    }
    return unlimitedSpendView(teamId);
  }

  async adjust(auth: AuthContext, teamId: string, body: AdjustCreditsBody): Promise<Spend> {
    await this.liveTeam(teamId);
    const now = this.clock.now();
    const outcome = await this.budgets.adjust(
      teamId,
      body.amountUsd,
      (budget) => periodWindow(budget.period, now),
      auth.id,
      body.note,
    );
    switch (outcome.kind) {
      case 'no_budget':
        throw new CreditsException(
          CreditsErrorCode.BudgetNotSet,
          `Team ${teamId} has no budget to adjust; set one with PUT /admin/teams/${teamId}/budget`,
        );
      case 'below_zero':
        throw new CreditsException(
          CreditsErrorCode.LimitBelowZero,
          `The period's limit is $${microsToUsd(outcome.limit)}; an adjustment cannot take it below 0`,
          'amountUsd',
        );
      case 'adjusted':
        break;
    }
    await this.audit.record(
      auth,
      'credits.adjust',
      { type: 'team', id: teamId },
      {
        after: {
          amountUsd: microsToUsd(body.amountUsd),
          note: body.note,
          periodId: outcome.periodId,
          periodLimitUsd: microsToUsd(outcome.limit),
        },
      },
    );
    await this.changes.publish({ topic: 'budget', teamId });
    const view = await this.spend(auth, teamId);
    if (view.alertAtPercent !== null) await this.alerts.raiseIfCrossed(outcome.periodId, view.alertAtPercent);
    return view;
  }

  private async spendOf(team: TeamRecord): Promise<Spend> {
    if (!team.budget) return unlimitedSpendView(team.id);
    const window = periodWindow(team.budget.period, this.clock.now());
    return toSpendView(team.budget, window, await this.budgets.findPeriod(team.id, window.start));
  }

  /** Spend and ledger stay readable after a team is deleted, for organisation roles. */
  private async visibleTeam(auth: AuthContext, teamId: string): Promise<TeamRecord> {
    const team = await this.budgets.findTeam(teamId);
    const visible = team && (!isTeamScoped(auth) || (auth.teams.has(teamId) && team.deletedAt === null));
    if (!visible) throw teamNotFound(teamId);
    return team;
  }

  private async liveTeam(teamId: string): Promise<TeamRecord> {
    const team = await this.budgets.findTeam(teamId);
    if (!team || team.deletedAt !== null) throw teamNotFound(teamId);
    return team;
  }
}

const teamNotFound = (teamId: string) =>
  new CreditsException(CreditsErrorCode.TeamNotFound, `No team with id ${teamId}`, 'teamId');
