import { Injectable } from '@nestjs/common';
import { CreditsService } from '../credits/credits.service.js';
import { type ImportEntry } from '../provider-keys/import/import-entry.js';
import { ProviderKeyImportService } from '../provider-keys/import/provider-key-import.service.js';
import { type Actor } from '../audit/audit.service.js';
import { PricingService } from '../pricing/pricing.service.js';
import { ProvidersService } from '../providers/providers.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { ProxyTokensService } from '../proxy-tokens/proxy-tokens.service.js';
import { RoutesService } from '../routes/routes.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { type ConfigDocument } from './config-document.js';
import { type ConfigPlan } from './config-file.planner.js';
import { keyImportProblems, refuseConfigFile } from './config-problem.js';
import { type TeamPlan } from './plan-teams.js';

/** What a start changed, for the log line; all zero when the database already matched the file. */
export interface AppliedChanges {
  providersCreated: number;
  providersUpdated: number;
  keysCreated: number;
  teamsCreated: number;
  budgetsSet: number;
  budgetsRemoved: number;
  tokensCreated: number;
  tokensUpdated: number;
  routesSaved: number;
  pricesSaved: number;
  settingsChanged: number;
}

/**
 * Writes a plan through each module's own service, so every change is validated, audited and announced to the
 * other replicas exactly as the admin API would do it, in the actor's name. Providers come first (keys and routes
 * name them), then keys, teams with their budgets and tokens, routes (their targets may be providers a key
 * created), prices and settings.
 */
@Injectable()
export class ConfigFileApplier {
  constructor(
    private readonly providers: ProvidersService,
    private readonly keyImport: ProviderKeyImportService,
    private readonly teams: TeamsService,
    private readonly credits: CreditsService,
    private readonly tokens: ProxyTokensService,
    private readonly routes: RoutesService,
    private readonly pricing: PricingService,
    private readonly settings: SettingsService,
  ) {}

  async apply(document: ConfigDocument, plan: ConfigPlan, actor: Actor): Promise<AppliedChanges> {
    const applied: AppliedChanges = {
      providersCreated: 0,
      providersUpdated: 0,
      keysCreated: 0,
      teamsCreated: 0,
      budgetsSet: 0,
      budgetsRemoved: 0,
      tokensCreated: 0,
      tokensUpdated: 0,
      routesSaved: 0,
      pricesSaved: 0,
      settingsChanged: 0,
    };
    for (const body of plan.providers.create) {
      await this.providers.create(actor, body);
      applied.providersCreated += 1;
    }
    for (const { name, ...changes } of plan.providers.update) {
      await this.providers.update(actor, name, changes);
      applied.providersUpdated += 1;
    }
    if (plan.newKeys > 0) applied.keysCreated = await this.importKeys(document.keyEntries, actor);
    for (const team of plan.teams) await this.applyTeam(team, applied, actor);
    for (const route of plan.routes) {
      await this.routes.upsert(actor, route);
      applied.routesSaved += 1;
    }
    for (const price of plan.prices) {
      await this.pricing.upsert(actor, price);
      applied.pricesSaved += 1;
    }
    if (plan.settings) {
      await this.settings.update(actor, plan.settings);
      applied.settingsChanged = Object.keys(plan.settings).length;
    }
    return applied;
  }

  private async importKeys(entries: ImportEntry[], actor: Actor): Promise<number> {
    const outcome = await this.keyImport.importEntries(actor, entries, {
      format: 'yaml',
      validate: false,
      dryRun: false,
    });
    // The dry run passed a moment ago, so only a change made since (through the admin API) can refuse it now.
    if (outcome.httpStatus === 400) {
      const problems = keyImportProblems(outcome.body);
      throw refuseConfigFile(
        problems.length > 0
          ? problems
          : [{ line: 1, field: null, message: 'the provider keys were refused' }],
      );
    }
    return outcome.body.saved ? outcome.body.summary.created : 0;
  }

  private async applyTeam(team: TeamPlan, applied: AppliedChanges, actor: Actor): Promise<void> {
    let teamId = team.teamId;
    if (teamId === null) {
      teamId = (await this.teams.create(actor, { name: team.name })).id;
      applied.teamsCreated += 1;
    }
    if (team.budget.kind === 'set') {
      await this.credits.setBudget(actor, teamId, team.budget.body);
      applied.budgetsSet += 1;
    } else if (team.budget.kind === 'remove') {
      await this.credits.removeBudget(actor, teamId);
      applied.budgetsRemoved += 1;
    }
    for (const { body, token } of team.createTokens) {
      await this.tokens.createWithValue(actor, teamId, body, token);
      applied.tokensCreated += 1;
    }
    for (const { tokenId, body } of team.updateTokens) {
      await this.tokens.updateSettings(actor, tokenId, body);
      applied.tokensUpdated += 1;
    }
  }
}
