import { CLOSE_BRACE, CR, LF, OPEN_BRACE, SPACE, TAB } from '../shared/ascii.js';
import { isRecord } from '../shared/json.js';
import { firstKeyWithNonNullValue } from '../shared/json-scan.js';

/**
 * `[DONE]`, then `event:` and `"error"` without their first character: V8 finds a needle far faster when it does not
 * start with a character as common in JSON as `"` or `e`, and a broader match only costs one event an inspection.
 */
const PLAIN_MARKERS = ['[DONE]', 'vent:', 'rror"'];

/** The usage chunk OpenAI closes a stream with ends in these keys; `y` so it is tried at one place only. */
const USAGE_ONLY_TAIL = /"choices"[ \t]*:[ \t]*\[[ \t]*\][ \t]*,[ \t]*"usage"[ \t]*:[ \t]*(?=\{)/y;

const isBlank = (code: number) => code === SPACE || code === TAB;
const isWhitespace = (code: number) => isBlank(code) || code === LF || code === CR;

/**
 * Where, in the latin1 text of some OpenAI stream events, the first thing the pass-through must read can be: a
 * `"usage"` key with a value other than `null`, an error, an `event:` line or the terminator. Any offset inside
 * the event that holds it will do; the text length when there is none.
 */
export function firstInspectedMarker(text: string): number {
  let first = text.length;
  for (const marker of PLAIN_MARKERS) {
    const at = text.indexOf(marker);
    if (at !== -1 && at < first) first = at;
  }
  // OpenAI sends `"usage":null` in every chunk of a stream that asked for usage: only a real value counts.
  return firstKeyWithNonNullValue(text, '"usage"', first);
}

/**
 * The usage object of OpenAI's closing usage chunk, `data: {…,"choices":[],"usage":{…}}`, parsed on its own
 * instead of with the whole chunk. Undefined for an event of any other shape (more keys after `usage`, a usage
 * nested deeper, usage next to real choices): the caller parses those whole.
 *
 * The object can only be the top-level usage: its text must run to the last `}` but one, so the object holding
 * `usage` closes where the data ends. The keys before `"choices"` are not read.
 */
export function trailingUsageOnly(frame: Buffer, text: string): Record<string, unknown> | undefined {
  const choicesAt = text.lastIndexOf('"choices"');
  if (choicesAt === -1) return undefined;
  USAGE_ONLY_TAIL.lastIndex = choicesAt;
  if (!USAGE_ONLY_TAIL.test(text)) return undefined;
  const valueStart = USAGE_ONLY_TAIL.lastIndex;
  let end = text.length - 1;
  while (end > valueStart && isWhitespace(text.charCodeAt(end))) end--;
  if (text.charCodeAt(end) !== CLOSE_BRACE) return undefined;
  end--;
  while (end > valueStart && isWhitespace(text.charCodeAt(end))) end--;
  if (text.charCodeAt(end) !== CLOSE_BRACE || text.charCodeAt(valueStart) !== OPEN_BRACE) return undefined;
  try {
    const usage = JSON.parse(frame.toString('utf8', valueStart, end + 1)) as unknown;
    return isRecord(usage) ? usage : undefined;
  } catch {
    return undefined;
  }
}
