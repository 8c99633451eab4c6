import { z } from 'zod';

export const MICROS_PER_USD = 1_000_000n;

const DECIMAL_USD = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;

/**
 * A USD amount as JSON carries it (a number) to exact micro-USD. The number's shortest decimal form is
 * parsed as text, so 0.15 is exactly 150000 and never 149999.99999999997.
 */
export function usdToMicros(usd: number): bigint {
  const match = DECIMAL_USD.exec(String(usd));
  if (!match) throw new RangeError(`${usd} is not a USD amount with at most 6 decimal places`);
  const [, sign, whole, fraction = ''] = match;
  const micros = BigInt(whole!) * MICROS_PER_USD + BigInt(fraction.padEnd(6, '0'));
  return sign === '-' ? -micros : micros;
}

/** Display only: JSON shows USD as a number. Exact for any amount below 9 billion USD. */
export const microsToUsd = (micros: bigint): number => Number(micros) / 1e6;

export const hasAtMostSixDecimals = (usd: number) => DECIMAL_USD.test(String(usd));

/** A USD amount field: a finite number within bounds with at most 6 decimal places, parsed to micro-USD. */
export function usdAmount(bounds: { min: number; max: number }) {
  return z
    .number({ message: 'must be a number of USD' })
    .min(bounds.min, `must be at least ${bounds.min}`)
    .max(bounds.max, `must be at most ${bounds.max}`)
    .refine(hasAtMostSixDecimals, 'must have at most 6 decimal places (whole micro-USD)')
    .transform(usdToMicros);
}
