import pc from 'picocolors';
import { type Terminal, type Writer } from '../terminal.js';

export type Style = ReturnType<typeof pc.createColors>;

/**
 * Colour when the stream is a terminal, unless NO_COLOR is set; FORCE_COLOR turns it on anywhere. Decided per
 * stream, so `switchyard status | less` gets plain text while its errors on the terminal stay coloured.
 */
export function styleFor(stream: Writer, env: Terminal['env']): Style {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const refused = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return pc.createColors(forced || (!refused && stream.isTTY === true));
}

/** How wide a table may be: the terminal's width, else $COLUMNS, else 120. */
export function widthOf(stream: Writer, env: Terminal['env']): number {
  const fromEnv = Number(env.COLUMNS);
  return stream.columns ?? (Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : 120);
}
