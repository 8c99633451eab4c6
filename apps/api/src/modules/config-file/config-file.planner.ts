import { Injectable } from '@nestjs/common';
import { hashToken } from '@switchyard/crypto';
import { mapsToHttpError } from '../../common/errors/http-error.js';
import { CreditsService } from '../credits/credits.service.js';
import { type ImportEntry } from '../provider-keys/import/import-entry.js';
import { type KnownProvider } from '../provider-keys/import/import-providers.js';
import { ProviderKeyImportService } from '../provider-keys/import/provider-key-import.service.js';
import { PricingService } from '../pricing/pricing.service.js';
import { type UpsertPriceBody } from '../pricing/pricing.schemas.js';
import { ProvidersRepository } from '../providers/providers.repository.js';
import { type UpdateSettingsBody } from '../settings/settings.schemas.js';
import { SettingsService } from '../settings/settings.service.js';
import { ProxyTokensService } from '../proxy-tokens/proxy-tokens.service.js';
import { type UpsertRouteBody } from '../routes/routes.schemas.js';
import { RoutesService } from '../routes/routes.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { CONFIG_ACTOR } from './config-actor.js';
import { type ConfigChange } from './config-change.js';
import { type ConfigDocument } from './config-document.js';
import { type DeclaredTeam } from './config-file.schema.js';
import { type ConfigProblem, fieldOf, keyImportProblems, type ProblemSink } from './config-problem.js';
import { planPrices } from './plan-prices.js';
import { planProviders, type ProvidersPlan } from './plan-providers.js';
import { planRoutes } from './plan-routes.js';
import { planSettings } from './plan-settings.js';
import { planTeams, type TeamPlan, type TeamsState } from './plan-teams.js';

/** Everything the file changes, decided before any of it is written. */
export interface ConfigPlan {
  providers: ProvidersPlan;
  /** How many of the file's keys are not stored yet; the import skips the others itself. */
  newKeys: number;
  teams: TeamPlan[];
  routes: UpsertRouteBody[];
  prices: UpsertPriceBody[];
  settings: UpdateSettingsBody | null;
  /** Everything the file declares and what applying it does, in the order the applier writes it. */
  changes: ConfigChange[];
}

/** Compares the file with the database. It only reads: the provider keys are checked by a dry run of their import. */
@Injectable()
export class ConfigFilePlanner {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly keyImport: ProviderKeyImportService,
    private readonly teams: TeamsService,
    private readonly credits: CreditsService,
    private readonly tokens: ProxyTokensService,
    private readonly routes: RoutesService,
    private readonly pricing: PricingService,
    private readonly settings: SettingsService,
  ) {}

  async plan(document: ConfigDocument): Promise<{ plan: ConfigPlan } | { problems: ConfigProblem[] }> {
    const problems: ConfigProblem[] = [];
    const report: ProblemSink = (path, message) =>
      problems.push({ line: document.lineAt(path), field: fieldOf(path), message });
    const { sections } = document;

    const stored = await this.providers.findAll();
    const providers = planProviders(
      sections.providers,
      stored.map(({ id, name, type, baseUrl, servesResponses }) => ({
        id,
        name,
        type,
        baseUrl,
        servesResponses,
      })),
      report,
    );
    const keys = await this.checkKeys(document.keyEntries, providers.after, problems);
    const teams = planTeams(sections.teams, await this.teamsState(sections.teams), report);
    const routes = planRoutes(
      sections.routes,
      new Map((await this.routes.all()).map((route) => [route.alias, route.targets])),
      [...providers.after.map((provider) => provider.name), ...keys.providersCreated],
      report,
    );
    const prices =
      sections.prices.length === 0
        ? { upserts: [], changes: [] }
        : planPrices(
            sections.prices,
            new Map((await this.pricing.all()).map((price) => [`${price.provider}/${price.model}`, price])),
            report,
          );
    const settings = planSettings(sections.settings, await this.settings.get());
    if (problems.length > 0) return { problems };
    return {
      plan: {
        providers,
        newKeys: keys.newKeys,
        teams,
        routes: routes.upserts,
        prices: prices.upserts,
        settings: settings.update,
        changes: [
          ...providers.changes,
          ...keys.changes,
          ...teams.flatMap((team) => team.changes),
          ...routes.changes,
          ...prices.changes,
          ...settings.changes,
        ],
      },
    };
  }

  private async checkKeys(
    entries: ImportEntry[],
    providers: KnownProvider[],
    problems: ConfigProblem[],
  ): Promise<{ newKeys: number; providersCreated: string[]; changes: ConfigChange[] }> {
    if (entries.length === 0) return { newKeys: 0, providersCreated: [], changes: [] };
    try {
      const { body } = await this.keyImport.importEntries(CONFIG_ACTOR, entries, {
        format: 'yaml',
        // A start must not depend on a provider answering.
        validate: false,
        dryRun: true,
        providers,
      });
      problems.push(...keyImportProblems(body));
      const changes = body.entries.map((entry): ConfigChange => ({
        kind: 'key',
        name: `${entry.provider ?? 'unknown'} …${entry.last4 ?? ''}`,
        action: entry.status === 'created' ? 'create' : 'unchanged',
        fields: entry.status === 'created' ? ['api_key'] : [],
      }));
      return {
        newKeys: body.summary.created,
        providersCreated: body.providersCreated.map((p) => p.name),
        changes,
      };
    } catch (error) {
      if (!mapsToHttpError(error)) throw error;
      // The import speaks of a request's `content`; here the content is the file.
      const message = error.toHttpError().message.replace(/^content /, 'the file ');
      problems.push({ line: 1, field: null, message });
      return { newKeys: 0, providersCreated: [], changes: [] };
    }
  }

  private async teamsState(teams: DeclaredTeam[]): Promise<TeamsState> {
    const live = await this.teams.findLiveByNames(teams.map((team) => team.name));
    const hashes = teams.flatMap((team) => team.tokens.map((token) => hashToken(token.token)));
    const [budgets, tokens] = await Promise.all([
      this.credits.budgetsOf(live.map((team) => team.id)),
      this.tokens.findByHashes(hashes),
    ]);
    return {
      liveTeamIds: new Map(live.map((team) => [team.name, team.id])),
      budgets,
      tokens: new Map(tokens.map((token) => [token.hash, token])),
    };
  }
}
