/**
 * The API sends money as USD numbers that are exact micro-dollar amounts. Sums and differences are done on
 * integer micro-dollars so that adding many small costs never drifts.
 */
export function usdToMicros(usd: number): number {
  return Math.round(usd * 1e6);
}

export function microsToUsd(micros: number): number {
  return micros / 1e6;
}

export function sumUsd(values: Iterable<number>): number {
  let micros = 0;
  for (const value of values) micros += usdToMicros(value);
  return microsToUsd(micros);
}

export function subtractUsd(a: number, b: number): number {
  return microsToUsd(usdToMicros(a) - usdToMicros(b));
}
