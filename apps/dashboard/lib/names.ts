import { z } from 'zod';
import { apiRequestAsUser } from './api';
import { load } from './load';

export type NamedKind = 'team' | 'token' | 'key';

const PATHS: Record<NamedKind, (id: string) => string> = {
  team: (id) => `/admin/teams/${id}`,
  token: (id) => `/admin/tokens/${id}`,
  key: (id) => `/admin/provider-keys/${id}`,
};

const namedSchema = z.union([
  z.object({ label: z.string(), provider: z.string() }).transform((key) => `${key.label} (${key.provider})`),
  z.object({ name: z.string() }).transform((named) => named.name),
]);

/** Requests in flight at once; a page of usage rows is at most 200 ids. */
const CONCURRENCY = 8;

/**
 * Display names for the ids on one page of rows. The API has no batch lookup, so each id is one small request;
 * an id that cannot be read (deleted, or another team's) keeps its short id.
 */
export async function resolveNames(
  kind: NamedKind,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
  const names = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const id = unique[next++]!;
      const result = await load(() => apiRequestAsUser(PATHS[kind](id), namedSchema));
      names.set(id, result.ok ? result.data : `${id.slice(0, 8)}…`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return names;
}
