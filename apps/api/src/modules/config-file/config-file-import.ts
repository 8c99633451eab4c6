import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ConfigError } from '../../config/load-config.js';
import { LOGGER } from '../../common/logging/logger.token.js';
import { type Logger } from '../../common/logging/logger.js';
import { CONFIG_ACTOR } from './config-actor.js';
import { loadConfigDocumentReader } from './config-document.loader.js';
import { ConfigFileApplier } from './config-file.applier.js';
import { ConfigFilePlanner } from './config-file.planner.js';
import { ConfigImportLock } from './config-import-lock.repository.js';
import { refuseConfigFile } from './config-problem.js';

/**
 * Applies SWITCHYARD_CONFIG at every start: providers, tiered provider keys, teams with budgets and tokens, and
 * routes. The whole file is checked, on its own and then against the database, before anything is written; a
 * file with any problem stops the start and changes nothing. What already matches is left alone, so restarts are
 * idempotent. Keys are not validated live: a start must not depend on a provider answering.
 */
@Injectable()
export class ConfigFileImport implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly planner: ConfigFilePlanner,
    private readonly applier: ConfigFileApplier,
    private readonly lock: ConfigImportLock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.configFile;
    if (!file) return;
    const { readConfigDocument } = await loadConfigDocumentReader();
    const read = readConfigDocument(await readConfigFile(file));
    if ('problems' in read) throw refuseConfigFile(read.problems);
    const { document } = read;
    const applied = await this.lock.exclusively(async () => {
      const planned = await this.planner.plan(document);
      if ('problems' in planned) throw refuseConfigFile(planned.problems);
      return this.applier.apply(document, planned.plan, CONFIG_ACTOR);
    });
    this.logger.info({ file, ...applied }, 'applied SWITCHYARD_CONFIG');
  }
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `SWITCHYARD_CONFIG cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)} (${file})`,
    ]);
  }
}
