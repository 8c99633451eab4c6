import { hashToken } from '@switchyard/crypto';
import { type TeamBudget } from '../credits/budgets.repository.js';
import { type SetBudgetBody } from '../credits/credits.schemas.js';
import { type ProxyTokenSettings } from '../proxy-tokens/proxy-tokens.repository.js';
import { type CreateTokenBody } from '../proxy-tokens/proxy-tokens.schemas.js';
import { sameTokenSettings, toTokenSettings } from '../proxy-tokens/token-settings.js';
import { type ConfigChange, differingFields, unchanged } from './config-change.js';
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
  /** The team, its budget and its tokens as a plan shows them, in the order of the file. */
  changes: ConfigChange[];
}

const TOKEN_FIELDS = {
  name: 'name',
  allowedModels: 'allowed_models',
  rpm: 'rpm',
  tpm: 'tpm',
  budgetLimit: 'budget_usd',
  budgetPeriod: 'budget_period',
  expiresAt: 'expires_at',
  logBodies: 'log_bodies',
  requireUser: 'require_user',
} as const;

/**
 * Teams are matched by live name and created if missing. A declared budget is set when it differs from the
 * stored one; `budget: null` removes it; no `budget` leaves it alone. A declared token is matched by its hash:
 * created if missing, its settings replaced by the file's when they differ. A token of another team, or a
 * revoked one, is a problem: the file cannot move or revive a token. Every declared team is planned, with what it
 * changes (possibly nothing).
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
      changes: [
        teamId === null
          ? { kind: 'team', name: team.name, action: 'create', fields: ['name'] }
          : unchanged('team', team.name),
      ],
    };
    const budget = budgetDescription(
      team,
      plan.budget,
      teamId === null ? null : (state.budgets.get(teamId) ?? null),
    );
    if (budget) plan.changes.push(budget);
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
      const name = `${team.name}/${declaredToken.name}`;
      if (!stored) {
        plan.createTokens.push({ body, token: declaredToken.token });
        const fields = Object.keys(declaredToken).filter((field) => field !== 'token');
        plan.changes.push({ kind: 'token', name, action: 'create', fields });
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
      const wanted = toTokenSettings(body);
      if (sameTokenSettings(stored, wanted)) {
        plan.changes.push(unchanged('token', name));
        return;
      }
      plan.updateTokens.push({ tokenId: stored.id, body });
      plan.changes.push({
        kind: 'token',
        name,
        action: 'update',
        fields: differingFields(stored, wanted, TOKEN_FIELDS),
      });
    });
    plans.push(plan);
  });
  return plans;
}

function budgetDescription(
  team: DeclaredTeam,
  change: BudgetChange,
  stored: TeamBudget | null,
): ConfigChange | null {
  if (team.budget === undefined) return null;
  if (change.kind === 'keep') return unchanged('budget', team.name);
  if (change.kind === 'remove')
    return { kind: 'budget', name: team.name, action: 'update', fields: ['removed'] };
  const fields = ['limit_usd', 'period', 'alert_at_percent', 'mode'].filter((field, index) => {
    if (!stored)
      return (
        (field !== 'alert_at_percent' || change.body.alertAtPercent !== null) &&
        (field !== 'mode' || change.body.mode !== 'hard')
      );
    return [
      stored.limitMicros !== change.body.limitUsd,
      stored.period !== change.body.period,
      stored.alertAtPercent !== change.body.alertAtPercent,
      stored.mode !== change.body.mode,
    ][index];
  });
  return { kind: 'budget', name: team.name, action: stored ? 'update' : 'create', fields };
}

function budgetChange(declared: DeclaredTeam['budget'], stored: TeamBudget | null): BudgetChange {
  if (declared === undefined) return { kind: 'keep' };
  if (declared === null) return stored ? { kind: 'remove' } : { kind: 'keep' };
  const body: SetBudgetBody = {
    limitUsd: declared.limit_usd,
    period: declared.period,
    alertAtPercent: declared.alert_at_percent ?? null,
    mode: declared.mode ?? 'hard',
  };
  const same =
    stored !== null &&
    stored.limitMicros === body.limitUsd &&
    stored.period === body.period &&
    stored.mode === body.mode &&
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
    budgetPeriod: token.budget_period,
    expiresAt: token.expires_at,
    logBodies: token.log_bodies,
    requireUser: token.require_user,
  };
}
