import { type AppConfig } from '../config/app-config.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { type RawEnv } from '../config/env.schema.js';
import { createLogger } from '../common/logging/logger.js';
import { provisionRuntime } from '../bootstrap/provision-runtime.js';
import { PrismaService } from '../database/prisma.service.js';
import { AuditCheckpoints } from '../modules/audit/audit-checkpoints.js';
import { AuditKeys } from '../modules/audit/audit-keys.js';
import { AuditRepository } from '../modules/audit/audit.repository.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { ChannelSecretRowsRepository } from '../modules/notifications/channel-secret-rows.repository.js';
import { rotateSealedSecrets } from '../modules/provider-keys/master-key-rotation.js';
import { MasterKeyRingError, ProviderKeyCipher } from '../modules/provider-keys/provider-key-cipher.js';
import { ProviderKeysRepository } from '../modules/provider-keys/provider-keys.repository.js';

/**
 * `rotate-master-key`: re-encrypts every stored provider key and notification channel secret under
 * SWITCHYARD_MASTER_KEY, reading rows sealed under any key of SWITCHYARD_PREVIOUS_MASTER_KEYS. Safe to run while the
 * API serves (with DATABASE_URL set) and to run again. Returns the process exit code: 0 when every row is under the
 * new key, 1 otherwise.
 */
export async function runRotateMasterKey(env: RawEnv, print: (line: string) => void): Promise<number> {
  let config: AppConfig;
  let cipher: ProviderKeyCipher;
  try {
    config = loadConfig(env);
    if (!config.masterKey) {
      throw new ConfigError(['SWITCHYARD_MASTER_KEY must be set to the new master key']);
    }
    cipher = ProviderKeyCipher.fromBase64(config.masterKey, config.previousMasterKeys);
  } catch (error) {
    if (error instanceof ConfigError)
      error.problems.forEach((problem) => print(`rotate-master-key: ${problem}`));
    else if (error instanceof MasterKeyRingError) print(`rotate-master-key: ${error.message}`);
    else throw error;
    return 1;
  }

  const logger = createLogger({ logLevel: 'warn' });
  const runtime = await provisionRuntime(config, logger);
  const prisma = new PrismaService(runtime.databaseUrl, runtime.config.databaseTimeoutMs);
  try {
    const keys = await rotateSealedSecrets(new ProviderKeysRepository(prisma), cipher, {
      onBatch: (done) => print(`re-encrypted ${done} so far`),
    });
    const channels = await rotateSealedSecrets(new ChannelSecretRowsRepository(prisma), cipher, {
      onBatch: (done) => print(`re-encrypted ${keys.reencrypted + done} so far`),
    });
    const report = {
      currentVersion: keys.currentVersion,
      reencrypted: keys.reencrypted + channels.reencrypted,
      alreadyCurrent: keys.alreadyCurrent + channels.alreadyCurrent,
      unreadable: [...keys.unreadable, ...channels.unreadable],
    };
    print(
      `master key version ${report.currentVersion}: re-encrypted ${report.reencrypted}, already current ${report.alreadyCurrent}, unreadable ${report.unreadable.length}`,
    );
    if (report.reencrypted > 0) {
      const repository = new AuditRepository(prisma);
      const keys = new AuditKeys(config);
      const audit = new AuditService(
        repository,
        keys,
        new AuditCheckpoints(config, repository, keys, logger),
        logger,
      );
      await audit.record(
        {
          kind: 'system',
          label: 'rotate-master-key',
          ip: null,
          userAgent: null,
          requestId: 'rotate-master-key',
        },
        'master_key.rotate',
        { type: 'master_key', id: String(report.currentVersion) },
        {
          after: {
            keyVersion: report.currentVersion,
            reencrypted: report.reencrypted,
            alreadyCurrent: report.alreadyCurrent,
            unreadable: report.unreadable.length,
          },
        },
      );
    }
    if (report.unreadable.length > 0) {
      print(
        `rotate-master-key: ${report.unreadable.length} keys are sealed under a master key that is not in SWITCHYARD_PREVIOUS_MASTER_KEYS: ${report.unreadable.join(', ')}`,
      );
      return 1;
    }
    return 0;
  } finally {
    await prisma.$disconnect();
    await runtime.release();
  }
}
