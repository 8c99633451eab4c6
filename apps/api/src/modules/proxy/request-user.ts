import { type IncomingHttpHeaders } from 'node:http';
import { MAX_USER_LENGTH } from '@switchyard/contracts';

/** The format of a /v1 request's body, which decides where the body names its user. */
export type UserNamingFormat = 'openai' | 'anthropic' | 'responses';

/** Names the person behind a request whatever the body's format; it wins over the body. */
export const USER_HEADER = 'x-switchyard-user';

/**
 * The person behind a request, from the first present of: the `x-switchyard-user` header, the OpenAI body's
 * `user`, the Anthropic body's `metadata.user_id`, the Responses body's `user`. Blank counts as absent; a longer
 * name is cut to {@link MAX_USER_LENGTH} characters, never refused. Reads the raw body, so a request refused for
 * its body is still attributed.
 */
export function requestUser(
  format: UserNamingFormat,
  headers: IncomingHttpHeaders,
  body: unknown,
): string | null {
  const header = headers[USER_HEADER];
  return named(Array.isArray(header) ? header[0] : header) ?? named(bodyUser(format, body));
}

function bodyUser(format: UserNamingFormat, body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  switch (format) {
    case 'openai':
    case 'responses':
      return (body as { user?: unknown }).user;
    case 'anthropic': {
      const metadata = (body as { metadata?: unknown }).metadata;
      return typeof metadata === 'object' && metadata !== null
        ? (metadata as { user_id?: unknown }).user_id
        : undefined;
    }
  }
}

function named(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim();
  if (name === '') return null;
  if (name.length <= MAX_USER_LENGTH) return name;
  // Counted in characters, not UTF-16 units, so the cut never splits a surrogate pair.
  const characters = Array.from(name);
  return characters.length <= MAX_USER_LENGTH ? name : characters.slice(0, MAX_USER_LENGTH).join('');
}
