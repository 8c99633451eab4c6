import { apiRequest } from './api';
import { type KeyState, keyStatePageSchema } from '@switchyard/contracts';

/** The pool's state lives in API memory and pages by key id; ten pages of 200 covers any realistic pool. */
const MAX_PAGES = 10;

/**
 * Live state of the given keys (or of every key when `ids` is omitted), read page by page until all wanted
 * keys are found.
 */
export async function readKeyStates(token: string, ids?: ReadonlySet<string>): Promise<KeyState[]> {
  const found: KeyState[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query: string = cursor ? `?limit=200&cursor=${encodeURIComponent(cursor)}` : '?limit=200';
    const result = await apiRequest(`/admin/key-state${query}`, keyStatePageSchema, { token });
    for (const item of result.items) if (!ids || ids.has(item.keyId)) found.push(item);
    cursor = result.nextCursor;
    if (!cursor || (ids && found.length >= ids.size)) break;
  }
  return found;
}
