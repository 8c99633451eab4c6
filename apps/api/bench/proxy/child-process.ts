import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

const STARTUP_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface BenchChild<Ready> {
  ready: Ready;
  pid: number;
  /** What the process answers to `question` (see serve-until-stopped.mjs). */
  ask<Answer>(question: string): Promise<Answer>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** The child's working directory; the bench's by default. */
  cwd?: string;
  /** False gives the child only PATH, HOME and `env`, none of the bench's own environment. */
  inheritEnv?: boolean;
}

/**
 * Runs one bench participant (a plain JavaScript module, no TypeScript loader, as in production) in its own Node
 * process, so the load generator, the mock and the proxy under test each get their own event loop. Resolves with
 * what the child reports when ready (see serve-until-stopped.mjs).
 */
export function startChild<Ready>(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  { cwd, inheritEnv = true }: ChildOptions = {},
): Promise<BenchChild<Ready>> {
  const inherited = inheritEnv ? process.env : { PATH: process.env.PATH, HOME: process.env.HOME };
  const child = fork(script, [], {
    ...(cwd ? { cwd } : {}),
    execArgv: nodeArgs,
    env: { ...inherited, ...env },
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
      resolve({
        ready: message.ready,
        pid: child.pid!,
        ask: (question) => ask(child, question),
        stop: () => stopChild(child),
      });
    });
  });
}

function ask<Answer>(child: ChildProcess, question: string): Promise<Answer> {
  return new Promise((resolve) => {
    const listen = (message: { question?: string; answer?: Answer }) => {
      if (message.question !== question) return;
      child.off('message', listen);
      resolve(message.answer as Answer);
    };
    child.on('message', listen);
    child.send(question);
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
