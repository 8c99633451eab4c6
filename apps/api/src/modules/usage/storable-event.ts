import { type UsageEventInput } from './usage-event.js';

/**
 * Postgres text cannot hold NUL, and it refuses JSON carrying a lone UTF-16 surrogate. Both can arrive in what a
 * client sends (a model name, a request id), and one such event would make its whole batch fail on every retry.
 */
const NUL = '\u0000';
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REPLACEMENT = '\ufffd';

export function storableText(value: string): string {
  const hasNul = value.includes(NUL);
  if (!hasNul && !SURROGATE.test(value)) return value;
  return (hasNul ? value.replaceAll(NUL, REPLACEMENT) : value).replace(LONE_SURROGATE, REPLACEMENT);
}

const storableOrNull = (value: string | null) => (value === null ? null : storableText(value));

/** The event itself when every text field can be stored as it is (the rule); a corrected copy otherwise. */
export function storableEvent(event: UsageEventInput): UsageEventInput {
  const requestId = storableText(event.requestId);
  const provider = storableOrNull(event.provider);
  const model = storableOrNull(event.model);
  const endpoint = storableText(event.endpoint);
  const errorClass = storableOrNull(event.errorClass);
  const user = storableOrNull(event.user);
  if (
    requestId === event.requestId &&
    provider === event.provider &&
    model === event.model &&
    endpoint === event.endpoint &&
    errorClass === event.errorClass &&
    user === event.user
  )
    return event;
  return { ...event, requestId, provider, model, endpoint, errorClass, user };
}
