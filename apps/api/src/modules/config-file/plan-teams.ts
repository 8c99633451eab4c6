import { hashToken } from '@switchyard/crypto';
import { type TeamBudget } from '../credits/budgets.repository.js';
import { type SetBudgetBody } from '../credits/credits.schemas.js';
import { type ProxyTokenSettings } from '../proxy-tokens/proxy-tokens.repository.js';
import { type CreateTokenBody } from '../proxy-tokens/proxy-tokens.schemas.js';
import { sameTokenSettings, toTokenSettings } from '../proxy-tokens/token-settings.js';
import { type DeclaredTeam, type DeclaredToken } from './config-file.schema.js';
import { type ProblemSink } from './config-problem.js';

export interface StoredToken extends ProxyTokenSettings {
  id: string;
  hash: string;
  teamId: string;
  revokedAt: Date | null;
  team: { name: string; deletedAt: Date | null };
}

export interface TeamsState {
  /** Live teams by name, for the names the file declares. */
  liveTeamIds: ReadonlyMap<string, string>;
  budgets: ReadonlyMap<string, TeamBudget | null>;
  /** Stored tokens by hash, for the tokens the file declares. */
  tokens: ReadonlyMap<string, StoredToken>;
}

export type BudgetChange = { kind: 'keep' } | { kind: 'set'; body: SetBudgetBody } | { kind: 'remove' };

export interface TeamPlan {
  name: string;
  /** Null: the team is created. */
  teamId: string | null;
  budget: BudgetChange;
  /** `token` is the declared value; it goes to the proxy-tokens service and nowhere else. */
  createTokens: { body: CreateTokenBody; token: string }[];
  updateTokens: { tokenId: string; body: CreateTokenBody }[];
}

/**
 * Teams are matched by live name and created if missing. A declared budget is set when it differs from the
 * stored one; `budget: null` removes it; no `budget` leaves it alone. A declared token is matched by its hash:
 * created if missing, its settings replaced by the file's when they differ. A token of another team, or a
 * revoked one, is a problem: the file cannot move or revive a token. Only teams with something to do are planned.
 */
export function planTeams(declared: DeclaredTeam[], state: TeamsState, report: ProblemSink): TeamPlan[] {
  const seenTeams = new Set<string>();
  const seenTokens = new Set<string>();
  const plans: TeamPlan[] = [];
  declared.forEach((team, teamIndex) => {
    if (seenTeams.has(team.name)) {
      report(['teams', teamIndex, 'name'], 'repeats an earlier team');
      return;
    }
    seenTeams.add(team.name);
    const teamId = state.liveTeamIds.get(team.name) ?? null;
    const plan: TeamPlan = {
      name: team.name,
      teamId,
      budget: budgetChange(team.budget, teamId === null ? null : (state.budgets.get(teamId) ?? null)),
      createTokens: [],
      updateTokens: [],
    };
    team.tokens.forEach((declaredToken, tokenIndex) => {
      const at = ['teams', teamIndex, 'tokens', tokenIndex, 'token'] as const;
      const hash = hashToken(declaredToken.token);
      if (seenTokens.has(hash)) {
        report(at, 'repeats an earlier token');
        return;
      }
      seenTokens.add(hash);
      const body = toCreateTokenBody(declaredToken);
      const stored = state.tokens.get(hash);
      if (!stored) {
        plan.createTokens.push({ body, token: declaredToken.token });
        return;
      }
      if (stored.teamId !== teamId) {
        const owner = stored.team.deletedAt ? 'a deleted team' : `team "${stored.team.name}"`;
        report(at, `is already a token of ${owner}; a token cannot move between teams`);
        return;
      }
      if (stored.revokedAt) {
        report(at, 'has been revoked; a revoked token cannot come back, so declare a new one');
        return;
      }
      if (!sameTokenSettings(stored, toTokenSettings(body))) {
        plan.updateTokens.push({ tokenId: stored.id, body });
      }
    });
    const changes = plan.budget.kind !== 'keep' || plan.createTokens.length + plan.updateTokens.length > 0;
    if (teamId === null || changes) plans.push(plan);
  });
  return plans;
}

function budgetChange(declared: DeclaredTeam['budget'], stored: TeamBudget | null): BudgetChange {
  if (declared === undefined) return { kind: 'keep' };
  if (declared === null) return stored ? { kind: 'remove' } : { kind: 'keep' };
  const body: SetBudgetBody = {
    limitUsd: declared.limit_usd,
    period: declared.period,
    alertAtPercent: declared.alert_at_percent ?? null,
  };
  const same =
    stored !== null &&
    stored.limitMicros === body.limitUsd &&
    stored.period === body.period &&
    stored.alertAtPercent === body.alertAtPercent;
  return same ? { kind: 'keep' } : { kind: 'set', body };
}

function toCreateTokenBody(token: DeclaredToken): CreateTokenBody {
  return {
    name: token.name,
    allowedModels: token.allowed_models,
    rpm: token.rpm,
    tpm: token.tpm,
    budgetUsd: token.budget_usd,
    expiresAt: token.expires_at,
  };
}
