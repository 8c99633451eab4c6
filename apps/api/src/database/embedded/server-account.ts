import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { EmbeddedPostgresError } from './embedded-postgres.error.js';

const run = promisify(execFile);

/** The unprivileged OS account that runs PostgreSQL when the API runs as root, which PostgreSQL refuses. */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

const ACCOUNT_NAME = 'postgres';

/** Null when this process may run PostgreSQL itself; under root, the `postgres` system user, created if missing. */
export async function serverAccount(): Promise<ServerAccount | null> {
  if (process.getuid?.() !== 0) return null;
  const existing = await lookUp(ACCOUNT_NAME);
  if (existing) return existing;
  await createSystemUser(ACCOUNT_NAME);
  const created = await lookUp(ACCOUNT_NAME);
  if (!created) throw new EmbeddedPostgresError(`the ${ACCOUNT_NAME} user was created but cannot be found`);
  return created;
}

/** Whether the account can reach `target` (search a directory, run a program), asked of the kernel as that user. */
export function canReach(account: ServerAccount, target: string): boolean {
  const result = spawnSync('test', ['-x', target], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.status === 0;
}

async function lookUp(name: string): Promise<ServerAccount | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

async function createSystemUser(name: string): Promise<void> {
  const attempts: [string, string[]][] = [
    ['useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]],
    // Alpine and other BusyBox systems.
    ['adduser', ['-S', '-D', '-H', name]],
  ];
  for (const [command, args] of attempts) {
    try {
      await run(command, args);
      return;
    } catch {
      // Try the next tool.
    }
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL does not run as root and no ${name} system user exists or could be created (useradd --system ${name})`,
  );
}
