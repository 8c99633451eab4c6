const MICROS_PER_USD = 1_000_000n;

/** The shortest decimal form JavaScript prints for a number, when it needs no exponent and ≤ 6 decimals. */
const PLAIN_USD = /^(\d+)(?:\.(\d{1,6}))?$/;

/**
 * Exact micro-USD of a non-negative USD amount that has at most six decimals, read from its decimal digits
 * rather than by multiplying floats (0.1 * 1e6 is not 100000 in binary floating point). Undefined for
 * anything else: negative, fractional micros, or too large to print without an exponent.
 */
export function usdToMicros(usd: number): bigint | undefined {
  const match = PLAIN_USD.exec(String(usd));
  if (!match) return undefined;
  return BigInt(match[1]!) * MICROS_PER_USD + BigInt((match[2] ?? '').padEnd(6, '0'));
}

/** JSON shows money as a number of USD. */
export const microsToUsd = (micros: bigint): number => Number(micros) / 1e6;
