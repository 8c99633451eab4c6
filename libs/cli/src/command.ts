import { type OptionSpecs, type ParsedOptions } from './args.js';
import { type Terminal } from './terminal.js';

export interface CommandContext<S extends OptionSpecs> {
  options: ParsedOptions<S>;
  positionals: string[];
  terminal: Terminal;
}

export interface Command<S extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line, for `switchyard help`. */
  summary: string;
  /** What follows the command name in its usage line: `[options] <file>`. */
  usage: string;
  /** Paragraphs for `switchyard <command> --help`. */
  details: readonly string[];
  options: S;
  /** Resolves to the exit code; usage and API problems are thrown as the CLI's errors. */
  run(context: CommandContext<S>): Promise<number>;
}

/** Keeps each command's option types precise while letting the registry hold them side by side. */
export function defineCommand<S extends OptionSpecs>(command: Command<S>): Command {
  return command as unknown as Command;
}
