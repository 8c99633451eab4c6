import cliProgress from 'cli-progress';
import { type Writer } from '../terminal.js';

export interface Progress {
  /** One more done; `name` is what just finished. */
  tick(name: string): void;
  stop(): void;
}

/** A progress bar on a terminal; elsewhere (a pipe, a log) nothing, so the output stays clean. */
export function progressBar(stream: Writer, total: number, what: string): Progress {
  if (stream.isTTY !== true || total === 0) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: `${what} [{bar}] {value}/{total} {name}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { name: '' });
  return {
    tick: (name) => bar.increment(1, { name }),
    stop: () => bar.stop(),
  };
}
