import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AppConfig } from './app-config.js';
import { isTrivialKey } from './env.schema.js';
import { ConfigError } from './load-config.js';

/**
 * Outside production a missing master key is generated once into the data directory, so a fresh clone
 * starts with no setup. Losing that file makes every stored provider key unreadable, hence the warning.
 */
export async function resolveMasterKey(config: AppConfig, warn: (message: string) => void): Promise<string> {
  if (config.masterKey) return config.masterKey;
  if (config.env === 'production')
    throw new ConfigError(['SWITCHYARD_MASTER_KEY is required when NODE_ENV=production']);
  const file = path.resolve(config.dataDir, 'master.key');
  if (existsSync(file)) {
    const key = (await readFile(file, 'utf8')).trim();
    if (Buffer.from(key, 'base64').length !== 32) {
      throw new ConfigError([
        `SWITCHYARD_MASTER_KEY is unset and ${file} does not hold a 32-byte base64 key`,
      ]);
    }
    if (isTrivialKey(key))
      throw new ConfigError([
        `SWITCHYARD_MASTER_KEY is unset and ${file} holds 32 equal bytes, not a random key`,
      ]);
    return key;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64');
  await writeFile(file, key + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  warn(
    `SWITCHYARD_MASTER_KEY is unset: generated one into ${file}. Back it up, or set SWITCHYARD_MASTER_KEY; without it stored provider keys cannot be decrypted.`,
  );
  return key;
}
