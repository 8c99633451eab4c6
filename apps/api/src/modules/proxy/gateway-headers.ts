/** The headers every /v1 answer carries about the gateway's own part in it. */
export function gatewayHeaders(attempts: number, overheadMs: number): Record<string, string> {
  return {
    'x-switchyard-attempts': String(attempts),
    'x-switchyard-overhead-ms': String(Math.round(overheadMs)),
  };
}
