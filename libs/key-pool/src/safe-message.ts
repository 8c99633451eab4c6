// Provider messages sometimes echo part of the key ("Incorrect API key provided: sk-proj-****abcd").
const SECRET_LIKE =
  /\b(?:sk|pk|rk|sess|key)[-_][A-Za-z0-9_*.-]{6,}|\bAIza[0-9A-Za-z_-]{10,}|\bBearer\s+\S+/gi;

const MAX_LENGTH = 240;

/** A one-line message that is safe to log and show: secrets masked, whitespace collapsed, length bounded. */
export function safeMessage(text: string): string {
  const oneLine = text.replace(SECRET_LIKE, '[redacted]').replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_LENGTH ? `${oneLine.slice(0, MAX_LENGTH - 1)}…` : oneLine;
}
