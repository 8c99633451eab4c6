import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service.js';
import { type BudgetMode, type BudgetPeriod } from '../../database/generated/enums.js';
import { type Prisma } from '../../database/generated/client.js';
import { type Budget, TEAM_BUDGET_TOKEN_ID } from './budget.js';
import { type PeriodWindow } from './budget-period.js';
import { CreditPeriodsRepository } from './credit-periods.repository.js';

/** A team's own budget. */
export type TeamBudget = Budget & { tokenId: null };

export interface TeamRecord {
  id: string;
  deletedAt: Date | null;
  budget: TeamBudget | null;
}

export type AdjustOutcome =
  | { kind: 'adjusted'; periodId: string; limit: bigint }
  | { kind: 'no_budget' }
  | { kind: 'below_zero'; limit: bigint };

const teamColumns = {
  id: true,
  deletedAt: true,
  budgetLimit: true,
  budgetPeriod: true,
  budgetMode: true,
  alertAtPercent: true,
} as const;

function toRecord(row: {
  id: string;
  deletedAt: Date | null;
  budgetLimit: bigint | null;
  budgetPeriod: BudgetPeriod | null;
  budgetMode: BudgetMode;
  alertAtPercent: number | null;
}): TeamRecord {
  const budget: TeamBudget | null =
    row.budgetLimit !== null && row.budgetPeriod !== null
      ? {
          teamId: row.id,
          tokenId: null,
          limitMicros: row.budgetLimit,
          period: row.budgetPeriod,
          mode: row.budgetMode,
          alertAtPercent: row.alertAtPercent,
        }
      : null;
  return { id: row.id, deletedAt: row.deletedAt, budget };
}

/** Team budgets and their ledger. Every change to a budget holds the team row's lock, so changes serialise. */
@Injectable()
export class BudgetsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly periods: CreditPeriodsRepository,
  ) {}

  async findTeam(teamId: string): Promise<TeamRecord | null> {
    const row = await this.prisma.team.findUnique({ where: { id: teamId }, select: teamColumns });
    return row ? toRecord(row) : null;
  }

  async findTeams(teamIds: string[]): Promise<TeamRecord[]> {
    const rows = await this.prisma.team.findMany({ where: { id: { in: teamIds } }, select: teamColumns });
    return rows.map(toRecord);
  }

  findPeriod(teamId: string, periodStart: Date, tokenId: string = TEAM_BUDGET_TOKEN_ID) {
    return this.prisma.creditPeriod.findUnique({
      where: { teamId_tokenId_periodStart: { teamId, tokenId, periodStart } },
    });
  }

  /**
   * Sets the budget and brings the current period's limit along. Kept within the same kind of period, the limit
   * moves by the change of the budget, so adjustments made during the period survive; otherwise the period
   * starts from the new budget. The difference is a `grant` in the ledger.
   */
  setBudget(budget: TeamBudget, window: PeriodWindow, actorId: string | null, note: string) {
    return this.prisma.$transaction(async (tx) => {
      const before = await this.lockTeam(tx, budget.teamId);
      await tx.team.update({
        where: { id: budget.teamId },
        data: {
          budgetLimit: budget.limitMicros,
          budgetPeriod: budget.period,
          budgetMode: budget.mode,
          alertAtPercent: budget.alertAtPercent,
        },
      });
      const period = await this.periods.openPeriod(budget.teamId, null, window, budget.limitMicros, null, tx);
      let limit = budget.limitMicros;
      if (!period.opened) {
        const sameKind = before?.budget?.period === budget.period;
        const moved = sameKind
          ? period.limit + budget.limitMicros - before.budget!.limitMicros
          : budget.limitMicros;
        limit = moved < 0n ? 0n : moved;
        await tx.creditPeriod.update({ where: { id: period.id }, data: { limit } });
      }
      const granted = period.opened ? limit : limit - period.limit;
      if (granted !== 0n) {
        await tx.creditLedger.create({
          data: { teamId: budget.teamId, periodId: period.id, kind: 'grant', amount: granted, note, actorId },
        });
      }
      return { before: before?.budget ?? null, periodId: period.id };
    });
  }

  /** Sets the limit of the budget's current period, when that period is open; the difference is a `grant`. */
  setPeriodLimit(budget: Budget, window: PeriodWindow) {
    return this.prisma.$transaction(async (tx) => {
      const tokenId = budget.tokenId ?? TEAM_BUDGET_TOKEN_ID;
      const period = await tx.creditPeriod.findUnique({
        where: { teamId_tokenId_periodStart: { teamId: budget.teamId, tokenId, periodStart: window.start } },
      });
      if (!period || period.limit === budget.limitMicros) return;
      await tx.creditPeriod.update({ where: { id: period.id }, data: { limit: budget.limitMicros } });
      await tx.creditLedger.create({
        data: {
          teamId: budget.teamId,
          tokenId,
          periodId: period.id,
          kind: 'grant',
          amount: budget.limitMicros - period.limit,
          note: `token budget set to ${budget.limitMicros} micro-USD`,
        },
      });
    });
  }

  /** Removes the budget: the team is unlimited from now on. Its periods and ledger stay as history. */
  removeBudget(teamId: string): Promise<TeamBudget | null> {
    return this.prisma.$transaction(async (tx) => {
      const before = await this.lockTeam(tx, teamId);
      if (!before?.budget) return null;
      await tx.team.update({
        where: { id: teamId },
        data: { budgetLimit: null, budgetPeriod: null, budgetMode: 'hard', alertAtPercent: null },
      });
      return before.budget;
    });
  }

  /** Moves the current period's limit by a signed amount; the limit never goes below zero. */
  adjust(
    teamId: string,
    amount: bigint,
    windowOf: (budget: TeamBudget) => PeriodWindow,
    actorId: string,
    note: string,
  ): Promise<AdjustOutcome> {
    return this.prisma.$transaction(async (tx): Promise<AdjustOutcome> => {
      const team = await this.lockTeam(tx, teamId);
      if (!team?.budget) return { kind: 'no_budget' };
      const window = windowOf(team.budget);
      const period = await this.periods.openPeriod(
        teamId,
        null,
        window,
        team.budget.limitMicros,
        `${team.budget.period} period opened`,
        tx,
      );
      const updated = await tx.creditPeriod.updateMany({
        where: { id: period.id, limit: { gte: -amount } },
        data: { limit: { increment: amount } },
      });
      if (updated.count === 0) return { kind: 'below_zero', limit: period.limit };
      await tx.creditLedger.create({
        data: { teamId, periodId: period.id, kind: 'adjustment', amount, note, actorId },
      });
      return { kind: 'adjusted', periodId: period.id, limit: period.limit + amount };
    });
  }

  ledger(teamId: string, beforeId: bigint | undefined, take: number) {
    return this.prisma.creditLedger.findMany({
      where: {
        teamId,
        tokenId: TEAM_BUDGET_TOKEN_ID,
        ...(beforeId !== undefined ? { id: { lt: beforeId } } : {}),
      },
      orderBy: { id: 'desc' },
      take,
    });
  }

  private async lockTeam(tx: Prisma.TransactionClient, teamId: string): Promise<TeamRecord | null> {
    await tx.$queryRaw`SELECT 1 FROM teams WHERE id = ${teamId}::uuid FOR UPDATE`;
    const row = await tx.team.findUnique({ where: { id: teamId }, select: teamColumns });
    return row ? toRecord(row) : null;
  }
}
