import { formatUsd, UNPRICED } from '@switchyard/contracts';
import { formatCount } from '@/lib/format';

/**
 * An amount of USD, written the one way the console and the CLI write money: exact to the micro-dollar, so the same
 * amount reads the same on every page.
 */
export function Money({ usd }: { usd: number | null | undefined }) {
  if (usd == null) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  return <span className="tabular-nums">{formatUsd(usd)}</span>;
}

/** A known cost, and how many requests had no price, so a partial sum never passes for a whole one. */
export function Cost({ usd, unpricedRequests }: { usd: number; unpricedRequests: number }) {
  return (
    <>
      <Money usd={usd} />
      {unpricedRequests > 0 ? (
        <span className="ml-1 text-xs text-amber-700 dark:text-amber-400" data-testid="unpriced">
          + {formatCount(unpricedRequests)} {UNPRICED}
        </span>
      ) : null}
    </>
  );
}
