import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { ConfigError } from '../../../config/load-config.js';
import { mapsToHttpError } from '../../../common/errors/http-error.js';
import { LOGGER } from '../../../common/logging/logger.token.js';
import { type Logger } from '../../../common/logging/logger.js';
import { ProviderKeyImportService } from './provider-key-import.service.js';

const CONFIG_ACTOR = {
  kind: 'system' as const,
  label: 'SWITCHYARD_CONFIG',
  ip: null,
  userAgent: null,
  requestId: 'startup',
};

/**
 * Imports the provider keys of SWITCHYARD_CONFIG (the tiered YAML: `primary` / `daily` / `fallback` lists of
 * `{provider, base_url?, api_key, models?}`) at every start. Keys already stored are skipped, so restarts are
 * idempotent. Keys are not validated live here: a start must not depend on a provider answering.
 */
@Injectable()
export class ConfigFileImport implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly importer: ProviderKeyImportService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.configFile;
    if (!file) return;
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError([
        `SWITCHYARD_CONFIG cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)} (${file})`,
      ]);
    }
    let outcome;
    try {
      outcome = await this.importer.import(CONFIG_ACTOR, {
        format: 'yaml',
        content,
        validate: false,
        dryRun: false,
      });
    } catch (error) {
      if (!mapsToHttpError(error)) throw error;
      // The importer speaks of the request's `content`; here the content is the file.
      throw new ConfigError([`SWITCHYARD_CONFIG ${error.toHttpError().message.replace(/^content /, '')}`]);
    }
    if (outcome.httpStatus === 400) {
      const problems = outcome.body.entries
        .filter((line) => line.status === 'invalid' || line.status === 'validation_failed')
        .map((line) => `SWITCHYARD_CONFIG line ${line.line}: ${line.error ?? line.status}`);
      throw new ConfigError(
        problems.length > 0
          ? problems
          : [`SWITCHYARD_CONFIG: ${outcome.body.error?.message ?? 'the file was refused'}`],
      );
    }
    const created = outcome.body.entries.filter((line) => line.status === 'created').length;
    this.logger.info(
      { file, created, skipped: outcome.body.entries.length - created },
      'imported provider keys from SWITCHYARD_CONFIG',
    );
  }
}
