import { readFileSync } from 'node:fs';
import { parseCommandLine, splitCommand } from './args.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { CONNECTION_VALUE_FLAGS } from './connection.js';
import {
  ApiError,
  ApiUnreachableError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UnexpectedResponseError,
  UsageError,
} from './errors.js';
import { formatCommandHelp, formatGeneralHelp } from './help.js';
import { type Terminal } from './terminal.js';

/** Runs one command line to its exit code. Every failure is reported as one line on stderr, never a stack trace. */
export async function runCli(argv: readonly string[], terminal: Terminal): Promise<number> {
  try {
    return await dispatch(argv, terminal);
  } catch (error) {
    terminal.stderr.write(`switchyard: ${describeFailure(error)}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

async function dispatch(argv: readonly string[], terminal: Terminal): Promise<number> {
  const { command: name, args } = splitCommand(argv, CONNECTION_VALUE_FLAGS);
  if (name === undefined) {
    if (args.includes('--version')) {
      terminal.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
      terminal.stdout.write(`${formatGeneralHelp(COMMANDS)}\n`);
      return EXIT_OK;
    }
    throw new UsageError('no command given; run "switchyard help" to see them');
  }
  if (name === 'help') {
    const topic = args.find((arg) => !arg.startsWith('-'));
    const command = topic === undefined ? undefined : findCommand(topic);
    if (topic !== undefined && !command) throw unknownCommand(topic);
    terminal.stdout.write(`${command ? formatCommandHelp(command) : formatGeneralHelp(COMMANDS)}\n`);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) throw unknownCommand(name);
  let line;
  try {
    line = parseCommandLine(args, command.options, name);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${error.message} (see switchyard ${name} --help)`);
  }
  if (line.options.help) {
    terminal.stdout.write(`${formatCommandHelp(command)}\n`);
    return EXIT_OK;
  }
  return command.run({ options: line.options, positionals: line.positionals, terminal });
}

function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    const details = [error.status === null ? null : `HTTP ${error.status}`, error.code].filter(Boolean);
    return details.length > 0 ? `${error.message} (${details.join(', ')})` : error.message;
  }
  if (
    error instanceof UsageError ||
    error instanceof ApiUnreachableError ||
    error instanceof UnexpectedResponseError
  ) {
    return error.message;
  }
  // A bug here; the one line still tells more than a stack trace to someone who only wanted an answer.
  const message = typeof error === 'object' && error !== null && 'message' in error ? error.message : error;
  return `unexpected error: ${String(message)}`;
}

const unknownCommand = (name: string) =>
  new UsageError(
    `unknown command "${name}"; the commands are ${[...COMMANDS.map((c) => c.name), 'help'].join(', ')}`,
  );

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
