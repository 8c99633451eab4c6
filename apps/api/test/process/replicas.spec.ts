import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@switchyard/testing';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { alive, type ApiProcess, childrenOf, spawnNode } from '../support/processes.js';
import { testTemplate } from '../support/test-app.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

jest.setTimeout(300_000);

/** `npm run replicas -- <args>` as its own process, on the API as last built (the test target builds it first). */
const replicasCommand = (args: string[], env: Record<string, string>) =>
  spawnNode(path.join(root, 'scripts/replicas.mjs'), [...args, '--no-build'], env, root);

interface Started {
  front: string;
  replicas: { index: number; url: string; pid: number; log: string }[];
}

/** Waits for the lines the command prints once every replica and the front are ready. */
async function started(command: ApiProcess): Promise<Started> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const output = command.output();
    const front = /^ {2}front +(http:\/\/127\.0\.0\.1:\d+) /m.exec(output)?.[1];
    if (front) {
      const replicas = [
        ...output.matchAll(/^ {2}replica (\d+) +(http:\/\/\S+) +pid (\d+) +log (\S+)$/gm),
      ].map(([, index, url, pid, log]) => ({ index: Number(index), url: url!, pid: Number(pid), log: log! }));
      return { front, replicas };
    }
    if (command.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the replicas never became ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm run replicas -- N', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  const dataDirs: string[] = [];
  const commands: ApiProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(testTemplate());
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    for (const command of commands) if (command.child.exitCode === null) command.child.kill('SIGKILL');
    await redis?.close();
    await database?.drop();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  const environment = async (): Promise<Record<string, string>> => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchyard-replicas-'));
    dataDirs.push(dataDir);
    return {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      SWITCHYARD_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
  };

  const run = (args: string[], env: Record<string, string>) => {
    const command = replicasCommand(args, env);
    commands.push(command);
    return command;
  };

  it('exits 2 without REDIS_URL', async () => {
    const env = await environment();
    delete env.REDIS_URL;
    const command = run(['2', '--port', '0'], env);
    expect(await command.exited).toBe(2);
    expect(command.output()).toContain('REDIS_URL is required');
  });

  it('serves through a round-robin front over every replica, and stops them all with status 0 on SIGTERM', async () => {
    const env = await environment();
    const command = run(['2', '--port', '0'], env);
    const { front, replicas } = await started(command);
    expect(replicas.map((replica) => replica.index)).toEqual([1, 2]);
    // The master key was generated into the data directory and handed to both replicas; each has its own directory.
    expect(command.output()).toContain(
      `generated a master key into ${path.join(env.SWITCHYARD_DATA_DIR!, 'master.key')}`,
    );
    for (const replica of replicas)
      expect(replica.log).toBe(
        path.join(env.SWITCHYARD_DATA_DIR!, 'replicas', String(replica.index), 'api.log'),
      );

    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(`${front}/health/ready`);
      expect(response.status).toBe(200);
      await response.text();
      ids.push(response.headers.get('x-request-id')!);
    }

    const children = childrenOf(command.child.pid!);
    expect([...children].sort((a, b) => a - b)).toEqual(
      replicas.map((replica) => replica.pid).sort((a, b) => a - b),
    );
    command.child.kill('SIGTERM');
    expect(await command.exited).toBe(0);
    expect(children.filter(alive)).toEqual([]);
    await expect(fetch(`${front}/health/live`)).rejects.toThrow();
    // Each replica logged the requests it served, by the id the front handed back: in turn, three each.
    const servedBy = await Promise.all(
      replicas.map(async (replica) => {
        const log = await readFile(replica.log, 'utf8');
        return ids.filter((id) => log.includes(`"requestId":"${id}"`)).length;
      }),
    );
    expect(servedBy).toEqual([3, 3]);
    for (const replica of replicas)
      expect(await readFile(replica.log, 'utf8')).toContain('"msg":"shutdown complete"');
  });

  it('stops every replica and exits 1 when one of them dies', async () => {
    const env = await environment();
    const command = run(['2', '--port', '0'], env);
    const { replicas } = await started(command);
    const children = childrenOf(command.child.pid!);
    process.kill(replicas[1]!.pid, 'SIGKILL');
    expect(await command.exited).toBe(1);
    expect(command.output()).toMatch(/replica 2 \(port \d+\) exited with SIGKILL/);
    expect(children.filter(alive)).toEqual([]);
    // The end of the dead replica's log is printed, for the reason it died.
    const lastLine = (await readFile(replicas[1]!.log, 'utf8')).trimEnd().split('\n').at(-1)!;
    expect(command.output()).toContain(lastLine);
  });
});
