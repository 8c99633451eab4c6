import { Inject, Injectable } from '@nestjs/common';
import { type ImportLine, type ImportReport } from '@switchyard/contracts';
import { lastFour } from '@switchyard/crypto';
import { type z } from 'zod';
import { errorBody } from '../../../common/errors/http-error.js';
import { LOGGER } from '../../../common/logging/logger.token.js';
import { type Logger } from '../../../common/logging/logger.js';
import { type Actor, AuditService } from '../../audit/audit.service.js';
import { ProviderChangeFeed } from '../../providers/provider-change-feed.js';
import { ProvidersRepository } from '../../providers/providers.repository.js';
import { UpstreamAddressPolicy } from '../../providers/upstream-address.js';
import { ProviderKeyChecker } from '../provider-key-checker.js';
import { ProviderKeyCipher } from '../provider-key-cipher.js';
import { toProviderKeyView } from '../provider-key.view.js';
import { ProviderKeysErrorCode, ProviderKeysException } from '../provider-keys.exception.js';
import { type NewProviderKey, ProviderKeysRepository } from '../provider-keys.repository.js';
import {
  type ImportProviderKeysBody,
  labelSchema,
  maxConcurrencySchema,
  modelsSchema,
  secretSchema,
  weightSchema,
} from '../provider-keys.schemas.js';
import { parseEnvImport } from './env-import.js';
import { type ImportEntry, ImportSyntaxError } from './import-entry.js';
import { ImportProviderResolver, type ImportTarget, type KnownProvider } from './import-providers.js';
import { summarize } from './import-report.js';

/** The YAML parser is loaded by the first YAML import, not at start: most processes never read one. */
const loadYamlImport = () => import('./yaml-import.js');

/** Larger files are split by the caller: one import is one transaction and, with validation, one call per key. */
export const MAX_IMPORT_ENTRIES = 1000;
const VALIDATION_CONCURRENCY = 8;

export interface ImportOutcome {
  httpStatus: 200 | 201 | 400;
  body: ImportReport & { error?: ReturnType<typeof errorBody>['error'] };
}

type ImportSettings = Pick<ImportProviderKeysBody, 'format'> & { validate: boolean; skipInvalid?: boolean };

/**
 * A dry run may be checked against the providers as they will be when the keys are saved, for a file that also
 * declares providers (one still to be created has a null id); a real import always reads them from the database.
 */
export type EntryImportOptions =
  (ImportSettings & { dryRun: false }) | (ImportSettings & { dryRun: true; providers?: KnownProvider[] });

interface Candidate {
  entry: ImportEntry;
  target: ImportTarget;
  secret: string;
  report: ImportLine;
}

@Injectable()
export class ProviderKeyImportService {
  constructor(
    private readonly keys: ProviderKeysRepository,
    private readonly providers: ProvidersRepository,
    private readonly cipher: ProviderKeyCipher,
    private readonly checker: ProviderKeyChecker,
    private readonly audit: AuditService,
    private readonly changes: ProviderChangeFeed,
    private readonly addresses: UpstreamAddressPolicy,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * All or nothing: when any entry is invalid or fails validation nothing is saved and the answer is a 400 carrying
   * the per-line report, unless `skipInvalid` asks to save the valid ones anyway. Keys already stored (same
   * provider, same secret) are reported as duplicates and skipped.
   */
  async import(auth: Actor, body: ImportProviderKeysBody): Promise<ImportOutcome> {
    const validate = body.validate ?? !body.dryRun;
    return this.importEntries(auth, await this.parse(body), { ...body, validate });
  }

  /** `import` for entries already read from a file (SWITCHYARD_CONFIG reads its own). */
  async importEntries(
    auth: Actor,
    entries: ImportEntry[],
    options: EntryImportOptions,
  ): Promise<ImportOutcome> {
    if (entries.length > MAX_IMPORT_ENTRIES) {
      throw new ProviderKeysException(
        ProviderKeysErrorCode.ImportTooLarge,
        `content holds ${entries.length} keys; import at most ${MAX_IMPORT_ENTRIES} at a time`,
        'content',
      );
    }
    const known = (options.dryRun ? options.providers : undefined) ?? (await this.providers.findAll());
    const resolver = new ImportProviderResolver(known);
    const candidates: Candidate[] = [];
    const reports: ImportLine[] = [];
    for (const entry of entries) {
      const resolution = entry.problem === null ? resolver.resolve(entry) : { problem: entry.problem };
      const target = 'target' in resolution ? resolution.target : null;
      const report: ImportLine = {
        line: entry.line,
        provider: target?.name ?? entry.providerName ?? entry.provider,
        last4: entry.secret ? lastFour(entry.secret) : null,
        status: 'created',
      };
      reports.push(report);
      const notAKey =
        entry.skip ??
        (options.format === 'env' && 'unknownProvider' in resolution
          ? `${resolution.problem}, so it is not a provider key`
          : null);
      if (notAKey !== null) {
        Object.assign(report, { status: 'skipped', error: notAKey, last4: null });
        continue;
      }
      const problem = 'problem' in resolution ? resolution.problem : settingsProblem(entry);
      if (problem !== null || target === null) {
        Object.assign(report, { status: 'invalid', error: problem ?? 'invalid entry' });
        continue;
      }
      candidates.push({ entry, target, secret: secretSchema.parse(entry.secret), report });
    }

    await this.refuseForbiddenHosts(resolver.plannedProviders, candidates);
    const fresh = await this.withoutDuplicates(candidates.filter((c) => c.report.status === 'created'));
    if (options.validate) await this.validate(fresh);
    const toCreate = fresh.filter((candidate) => candidate.report.status === 'created');
    const providersCreated = resolver.plannedProviders
      .filter((planned) => toCreate.some((c) => c.target.name === planned.name))
      .map(({ name, type, baseUrl }) => ({ name, type, baseUrl }));
    const refused = reports.filter((r) => r.status === 'invalid' || r.status === 'validation_failed');
    const report: ImportReport = {
      dryRun: options.dryRun,
      accepted: refused.length === 0,
      saved: false,
      summary: summarize(reports),
      providersCreated,
      entries: reports,
    };
    if (options.dryRun) return { httpStatus: 200, body: report };
    if (refused.length > 0 && !options.skipInvalid) {
      const lines = refused.slice(0, 5).map((r) => `line ${r.line}: ${r.status}`);
      const more = refused.length > 5 ? `, and ${refused.length - 5} more` : '';
      const message = `${refused.length} of ${reports.length} entries cannot be imported (${lines.join('; ')}${more}); nothing was saved`;
      return {
        httpStatus: 400,
        body: {
          ...errorBody({ type: 'invalid_request_error', code: 'import_rejected', message, param: 'content' }),
          ...report,
        },
      };
    }
    if (toCreate.length === 0) return { httpStatus: 200, body: report };

    await this.save(auth, options, toCreate, providersCreated);
    return { httpStatus: 201, body: { ...report, saved: true } };
  }

  private async parse(body: ImportProviderKeysBody): Promise<ImportEntry[]> {
    let entries: ImportEntry[];
    try {
      entries =
        body.format === 'env'
          ? parseEnvImport(body.content)
          : (await loadYamlImport()).parseYamlImport(body.content);
    } catch (error) {
      if (!(error instanceof ImportSyntaxError)) throw error;
      throw new ProviderKeysException(
        ProviderKeysErrorCode.ImportMalformed,
        `content is not valid ${body.format === 'env' ? '.env' : 'YAML'}: line ${error.line}: ${error.reason}`,
        'content',
      );
    }
    if (entries.length === 0) {
      throw new ProviderKeysException(ProviderKeysErrorCode.ImportEmpty, 'content holds no keys', 'content');
    }
    const tier = body.tier ?? 'primary';
    return entries.map((entry) => ({ ...entry, tier: entry.tier ?? tier }));
  }

  /** Entries that would create a provider at an address no provider may have are invalid. */
  private async refuseForbiddenHosts(planned: ImportTarget[], candidates: Candidate[]): Promise<void> {
    for (const provider of planned) {
      const problem = await this.addresses.problem(provider.baseUrl);
      if (!problem) continue;
      for (const candidate of candidates.filter((c) => c.target.name === provider.name))
        Object.assign(candidate.report, { status: 'invalid', error: `base_url ${problem}` });
    }
  }

  /** Marks entries already stored, or repeated earlier in this import, as duplicates; returns the others. */
  private async withoutDuplicates(candidates: Candidate[]): Promise<Candidate[]> {
    const digests = new Map(candidates.map((c) => [c, this.cipher.digestsUnderEveryKey(c.secret)]));
    const providerIds = [...new Set(candidates.flatMap((c) => (c.target.id ? [c.target.id] : [])))];
    const stored = await this.keys.findLiveByDigests(providerIds, [...new Set([...digests.values()].flat())]);
    const storedKeys = new Set(stored.map((row) => `${row.providerId}:${row.secretDigest}`));
    const seen = new Set<string>();
    return candidates.filter((candidate) => {
      const inFile = `${candidate.target.name}\u0000${candidate.secret}`;
      const inDatabase = digests.get(candidate)!.some((d) => storedKeys.has(`${candidate.target.id}:${d}`));
      if (inDatabase || seen.has(inFile)) {
        Object.assign(candidate.report, {
          status: 'duplicate',
          error: inDatabase ? 'already stored' : 'repeats an earlier entry',
        });
        return false;
      }
      seen.add(inFile);
      return true;
    });
  }

  private async validate(candidates: Candidate[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < candidates.length) {
        const candidate = candidates[next++]!;
        const check = await this.checker.check(candidate.target, candidate.secret);
        if (!check.ok) {
          Object.assign(candidate.report, { status: 'validation_failed', error: check.error ?? 'refused' });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(VALIDATION_CONCURRENCY, candidates.length) }, worker));
  }

  private async save(
    auth: Actor,
    options: EntryImportOptions,
    candidates: Candidate[],
    providersCreated: ImportReport['providersCreated'],
  ): Promise<void> {
    const validatedAt = new Date();
    const keys: (NewProviderKey & { providerName: string })[] = candidates.map(
      ({ entry, target, secret }) => {
        const last4 = lastFour(secret);
        return {
          providerName: target.name,
          sealed: this.cipher.seal(secret),
          last4,
          label: entry.label ?? `${target.name} …${last4}`,
          tier: entry.tier ?? 'primary',
          weight: entry.weight ?? 1,
          maxConcurrency: entry.maxConcurrency,
          models: modelsSchema.parse(entry.models),
          dailyRequestQuota: null,
          dailyTokenQuota: null,
          quotaResetUtc: null,
          lastTestedAt: options.validate ? validatedAt : null,
          lastTestOk: options.validate ? true : null,
        };
      },
    );
    const existingIds = new Map<string, string>(
      candidates.flatMap((c) => (c.target.id ? [[c.target.name, c.target.id] as const] : [])),
    );
    const created = await this.keys.importAll(providersCreated, keys, existingIds);
    for (const provider of providersCreated) {
      await this.audit.record(
        auth,
        'provider.create',
        { type: 'provider', id: provider.name },
        { after: { ...provider, via: 'import' } },
      );
    }
    for (const key of created) {
      const view = toProviderKeyView(key);
      await this.audit.record(
        auth,
        'provider_key.create',
        { type: 'provider_key', id: key.id },
        { after: { ...view, via: 'import' } },
      );
    }
    await this.audit.record(
      auth,
      'provider_key.import',
      { type: 'provider_key', id: null },
      {
        after: {
          format: options.format,
          validated: options.validate,
          created: created.map((key) => ({ id: key.id, provider: key.provider.name, last4: key.last4 })),
          providersCreated: providersCreated.map((p) => p.name),
        },
      },
    );
    this.logger.info(
      { requestId: auth.requestId, created: created.length, format: options.format },
      'provider keys imported',
    );
    await this.changes.publish({
      reason: 'keys_imported',
      keyIds: created.map((key) => key.id),
      provider: null,
    });
  }
}

/** Field checks shared with the create endpoint; the message names the field, never its value. */
function settingsProblem(entry: ImportEntry): string | null {
  const checks: { field: string; schema: z.ZodType; value: unknown }[] = [
    { field: 'secret', schema: secretSchema, value: entry.secret ?? undefined },
    { field: 'label', schema: labelSchema.nullable(), value: entry.label },
    { field: 'weight', schema: weightSchema.nullable(), value: entry.weight },
    { field: 'max_concurrency', schema: maxConcurrencySchema.nullable(), value: entry.maxConcurrency },
    { field: 'models', schema: modelsSchema, value: entry.models },
  ];
  for (const { field, schema, value } of checks) {
    const result = schema.safeParse(value);
    if (!result.success) return `${field} ${result.error.issues[0]?.message ?? 'is invalid'}`;
  }
  return null;
}
