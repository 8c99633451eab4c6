import { type TokenUsage } from '../api-responses.js';

export interface ChatSummary {
  model: string;
  usage: TokenUsage | null;
  /** From `x-switchyard-attempts`: upstream calls the gateway made, retries on other keys included. */
  attempts: number | null;
  /** From `x-switchyard-overhead-ms`: the gateway's own time, upstream excluded. */
  overheadMs: number | null;
  /** Local mode: the key that answered. */
  key?: string;
}

/** The line `chat` writes to stderr after the answer, so stdout holds the answer alone. */
export function formatChatSummary(summary: ChatSummary): string {
  const parts = [summary.model];
  parts.push(
    summary.usage
      ? `${summary.usage.prompt_tokens} prompt + ${summary.usage.completion_tokens} completion tokens`
      : 'tokens not reported',
  );
  if (summary.attempts !== null)
    parts.push(`${summary.attempts} ${summary.attempts === 1 ? 'attempt' : 'attempts'}`);
  if (summary.overheadMs !== null) parts.push(`${summary.overheadMs} ms gateway overhead`);
  if (summary.key !== undefined) parts.push(`key ${summary.key}`);
  return parts.join(' · ');
}

/** A numeric gateway header, or null when it is missing or not a number. */
export function numericHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
