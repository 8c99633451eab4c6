import { type Style, styleFor, widthOf } from './output/style.js';
import { type TableLayout } from './output/table.js';
import { type Terminal } from './terminal.js';

/**
 * Ctrl-C. A command that can stop cleanly on it (`status --watch`) claims it; otherwise the process ends at once,
 * as a terminal user expects.
 */
export class Interruption {
  private readonly controller = new AbortController();
  claimed = false;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  claim(): AbortSignal {
    this.claimed = true;
    return this.controller.signal;
  }

  interrupt(): void {
    this.controller.abort();
  }
}

/** What every command shares: the terminal, how to style each stream, and the exit code it settles on. */
export class CliContext {
  exitCode = 0;
  readonly out: Style;
  readonly err: Style;

  constructor(
    readonly terminal: Terminal,
    readonly interruption: Interruption = new Interruption(),
  ) {
    this.out = styleFor(terminal.stdout, terminal.env);
    this.err = styleFor(terminal.stderr, terminal.env);
  }

  get layout(): TableLayout {
    return { width: widthOf(this.terminal.stdout, this.terminal.env), style: this.out };
  }

  print(text: string): void {
    this.terminal.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A line on stderr: the summaries and notes that must not mix with an answer piped on. */
  note(text: string): void {
    this.terminal.stderr.write(`${text}\n`);
  }
}
