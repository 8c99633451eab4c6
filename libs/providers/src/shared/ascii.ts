/** Character codes the byte- and text-level probes compare against (ASCII, so the same in latin1 and UTF-8). */
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22;
export const COLON = 0x3a;
export const BACKSLASH = 0x5c;
export const LOWERCASE_N = 0x6e;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
