import { Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  DocumentBody,
  DocumentQuery,
  UuidParam,
  ZodBody,
  ZodQuery,
} from '../../common/validation/zod-params.js';
import { Auth, type AuthContext } from '../auth/auth-context.js';
import { Permission } from '../auth/permissions.js';
import { AdminController, RequirePermission } from '../auth/require-permission.decorator.js';
import {
  type AdjustCreditsBody,
  adjustCreditsSchema,
  type LedgerQuery,
  ledgerQuerySchema,
  type SetBudgetBody,
  setBudgetSchema,
} from './credits.schemas.js';
import { CreditsService } from './credits.service.js';

@AdminController('teams', 'credits')
export class CreditsController {
  constructor(private readonly credits: CreditsService) {}

  @Put(':teamId/budget')
  @RequirePermission(Permission.BudgetsManage)
  @DocumentBody(setBudgetSchema)
  setBudget(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodBody(setBudgetSchema) body: SetBudgetBody,
  ) {
    return this.credits.setBudget(auth, teamId, body);
  }

  @Delete(':teamId/budget')
  @RequirePermission(Permission.BudgetsManage)
  removeBudget(@Auth() auth: AuthContext, @UuidParam('teamId') teamId: string) {
    return this.credits.removeBudget(auth, teamId);
  }

  @Get(':teamId/spend')
  @RequirePermission(Permission.SpendRead)
  spend(@Auth() auth: AuthContext, @UuidParam('teamId') teamId: string) {
    return this.credits.spend(auth, teamId);
  }

  @Post(':teamId/credits/adjust')
  @HttpCode(200)
  @RequirePermission(Permission.BudgetsManage)
  @DocumentBody(adjustCreditsSchema)
  adjust(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodBody(adjustCreditsSchema) body: AdjustCreditsBody,
  ) {
    return this.credits.adjust(auth, teamId, body);
  }

  @Get(':teamId/ledger')
  @RequirePermission(Permission.SpendRead)
  @DocumentQuery(ledgerQuerySchema)
  ledger(
    @Auth() auth: AuthContext,
    @UuidParam('teamId') teamId: string,
    @ZodQuery(ledgerQuerySchema) query: LedgerQuery,
  ) {
    return this.credits.ledger(auth, teamId, query);
  }
}
