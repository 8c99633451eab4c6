import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const typeScriptRunner = pathToFileURL(path.join(workspaceRoot, 'scripts', 'register-ts.mjs')).href;
const STARTUP_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface BenchChild<Ready> {
  ready: Ready;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs one bench participant in its own Node process, so the load generator, the mock and the proxy under test
 * each get their own event loop, as they would in production. Resolves with what the child reports when ready.
 */
export function startChild<Ready>(
  script: string,
  env: Record<string, string>,
  extraNodeArgs: string[] = [],
): Promise<BenchChild<Ready>> {
  const child = fork(script, [], {
    execArgv: ['--import', typeScriptRunner, ...extraNodeArgs],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} did not start within ${STARTUP_TIMEOUT_MS / 1000} s`));
    }, STARTUP_TIMEOUT_MS);
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(script)} exited with ${code} before it was ready`));
    };
    child.once('exit', exited);
    child.once('message', (message: { ready?: Ready }) => {
      clearTimeout(timer);
      child.off('exit', exited);
      if (message.ready === undefined) return reject(new Error(`${path.basename(script)} sent ${message}`));
      resolve({ ready: message.ready, pid: child.pid!, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send('stop');
  });
}

/** The child side: reports readiness, then closes cleanly when asked or when the bench itself goes away. */
export function serveUntilStopped(ready: unknown, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    close()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'stop') shutdown();
  });
  process.once('disconnect', shutdown);
  process.send!({ ready });
}
