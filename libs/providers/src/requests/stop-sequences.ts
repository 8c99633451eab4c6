import { asArray } from '../shared/json.js';

/** OpenAI's `stop` (string or list) as a list; whitespace-only sequences are dropped because Anthropic rejects them. */
export function stopSequences(stop: unknown): string[] | undefined {
  const list =
    typeof stop === 'string'
      ? [stop]
      : asArray(stop).filter((value): value is string => typeof value === 'string');
  const usable = list.filter((sequence) => sequence.trim().length > 0);
  return usable.length > 0 ? usable : undefined;
}
