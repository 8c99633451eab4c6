/** Where a command reads and writes: the real process in `main.ts`, captured streams in tests. */
export interface Terminal {
  env: Readonly<Record<string, string | undefined>>;
  stdin: AsyncIterable<string | Uint8Array> & { isTTY?: boolean };
  stdout: Writer;
  stderr: Writer;
}

export interface Writer {
  write(text: string): unknown;
  /** Set on a terminal: colour, progress bars and the table width follow it. */
  isTTY?: boolean;
  columns?: number;
}

/** The whole of stdin, or null when it is an interactive terminal (waiting there would look like a hang). */
export async function readPipedInput(stdin: Terminal['stdin']): Promise<string | null> {
  if (stdin.isTTY) return null;
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
