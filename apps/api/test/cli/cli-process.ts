import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
// The entry point from source, so the specs need no build; `bin/switchyard.js` runs the same file once compiled.
const cliEntry = path.join(workspaceRoot, 'libs/cli/src/main.ts');
const registerTs = path.join(workspaceRoot, 'scripts/register-ts.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When each piece of stdout arrived, in ms after the process started: a stream arrives in several. */
  chunks: { at: number; text: string }[];
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  done: Promise<CliRun>;
}

/**
 * `switchyard` as its own process, with exactly this environment (plus PATH and HOME). Without `stdin` the input
 * is closed empty, as from a script; with it, the text is piped in.
 */
export function startSwitchyard(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): RunningCli {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', registerTs, cliEntry, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: CliRun['chunks'] = [];
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) =>
    chunks.push({ at: Date.now() - started, text: chunk.toString() }),
  );
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(stdin ?? '');
  const stdout = () => chunks.map((chunk) => chunk.text).join('');
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: stdout(), stderr, chunks }));
  });
  return { child, stdout, done };
}

export function switchyard(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliRun> {
  return startSwitchyard(args, env, stdin).done;
}

/** The same under a pseudo-terminal (util-linux `script`), as someone typing the command sees it. */
export function switchyardOnTerminal(args: string[], env: Record<string, string>): Promise<CliRun> {
  const command = [process.execPath, '--import', registerTs, cliEntry, ...args]
    .map((part) => `'${part.replace(/'/g, "'\\''")}'`)
    .join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TERM: 'xterm-256color',
      COLUMNS: '120',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, chunks: [] }));
  });
}
