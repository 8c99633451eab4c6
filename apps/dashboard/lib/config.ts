import { z } from 'zod';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

const apiUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be a URL starting with http:// or https://');

/**
 * The API origin the dashboard server calls, from API_URL. Read per call rather than at import
 * so a standalone build picks up the value of the container it runs in.
 */
export function apiBaseUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env.API_URL?.trim() || DEFAULT_API_URL;
  const parsed = apiUrlSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`API_URL ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${raw}")`);
  }
  return parsed.data.replace(/\/+$/, '');
}
