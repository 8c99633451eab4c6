import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_ENTRY, API_ENVIRONMENT, API_NODE_FLAGS } from '../../../../scripts/api-process.mjs';

export const apiDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..', API_ENTRY);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs the built API as a real process, as it is started in production: its Node flags, and the given environment
 * (plus PATH and HOME) over the API's defaults.
 */
export function spawnApi(env: Record<string, string>): ApiProcess {
  return spawnNode(apiDist, [], { ...API_ENVIRONMENT, ...env }, undefined, API_NODE_FLAGS);
}

/** A Node script as its own process, with exactly the given environment (plus PATH and HOME); stdout and stderr kept. */
export function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
  nodeFlags: readonly string[] = [],
): ApiProcess {
  let output = '';
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    ...(cwd ? { cwd } : {}),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForReady(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`API on port ${port} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The processes `pid` started that still run. */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((value) => value > 0);
  } catch {
    // ps exits 1 when it lists nothing.
    return [];
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
