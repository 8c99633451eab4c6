const usdFormatter = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});

/**
 * The one way an amount of USD is shown, in the dashboard and the CLI alike: exact to the micro-dollar the API
 * accounts in, with at least two decimals and no trailing zeros beyond them. So $0.005246 reads the same on every
 * page and is never rounded to $0.01 or "< $0.01", and $12.50 stays $12.50.
 */
export function formatUsd(usd: number): string {
  return usdFormatter.format(usd);
}

/** Traffic with no price is marked as such rather than shown as free. */
export const UNPRICED = 'unpriced';
