import { CommanderError } from 'commander';
import { CliContext, type Interruption } from './context.js';
import {
  ApiError,
  ApiUnreachableError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  UnexpectedResponseError,
  UsageError,
} from './errors.js';
import { buildProgram } from './program.js';
import { type Terminal } from './terminal.js';

/** Runs one command line to its exit code. Every failure is one line on stderr, never a stack trace. */
export async function runCli(
  argv: readonly string[],
  terminal: Terminal,
  interruption?: Interruption,
): Promise<number> {
  const context = new CliContext(terminal, interruption);
  const program = buildProgram(context);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_OK;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end the parse by "failing" with exit code 0.
      if (error.exitCode === 0) return EXIT_OK;
      terminal.stderr.write(`switchyard: ${commanderMessage(error, argv)}\n`);
      return EXIT_USAGE;
    }
    terminal.stderr.write(`switchyard: ${describeFailure(error)}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** Commander's words, without its "error: " prefix, pointing at the help of the command concerned. */
function commanderMessage(error: CommanderError, argv: readonly string[]): string {
  const message = error.message.replace(/^error: /, '').split('\n')[0] ?? error.message;
  const command = argv.find((arg) => !arg.startsWith('-'));
  const help =
    command && error.code !== 'commander.unknownCommand'
      ? `switchyard ${command} --help`
      : 'switchyard --help';
  return `${message} (see ${help})`;
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
