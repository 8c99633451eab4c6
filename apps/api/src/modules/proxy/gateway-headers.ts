/**
 * The headers every /v1 answer carries about the gateway's own part in it, with what admission added (`extra`:
 * the token's `x-ratelimit-*`, `x-switchyard-output-limit`).
 */
export function gatewayHeaders(
  attempts: number,
  overheadMs: number,
  extra?: Record<string, string>,
): Record<string, string> {
  return {
    ...extra,
    'x-switchyard-attempts': String(attempts),
    'x-switchyard-overhead-ms': String(Math.round(overheadMs)),
  };
}
