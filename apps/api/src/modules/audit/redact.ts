const SECRET_FIELDS = new Set([
  'secret',
  'password',
  'passwordhash',
  'apikey',
  'api_key',
  'token',
  'key',
  'ciphertext',
  'iv',
  'tag',
  'hash',
  'authorization',
]);

/** Audit records show that a secret changed, never the secret: such fields become "[redacted]". */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date || typeof value === 'bigint') return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([field, v]) => [
        field,
        SECRET_FIELDS.has(field.toLowerCase()) && v !== null && v !== undefined
          ? '[redacted]'
          : redactSecrets(v),
      ]),
    );
  }
  return value;
}
