import { spawn } from 'node:child_process';
import path from 'node:path';
import { workspaceRoot } from './workspace-root.js';

export class MigrationError extends Error {}

/** Applies pending migrations with `prisma migrate deploy`; idempotent and safe to run on every start. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const root = workspaceRoot();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    const text = output
      .join('')
      .split('\n')
      .filter((line) => line.trim() && !/^\s+(at |\d+: )/.test(line));
    throw new MigrationError(`Database migration failed:\n${text.slice(-15).join('\n')}`);
  }
}
