import { formatUsd, formatUsdAuto, formatUsdMicros } from '@/lib/format';

/**
 * Cents in tables, micro-dollars in detail views, and for summary figures (`auto`) cents unless the amount is
 * under a cent. The exact amount is always in the tooltip.
 */
export function Money({
  usd,
  precision = 'cents',
}: {
  usd: number | null | undefined;
  precision?: 'cents' | 'micros' | 'auto';
}) {
  if (usd == null) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  return (
    <span className="tabular-nums" title={formatUsdMicros(usd)}>
      {precision === 'micros'
        ? formatUsdMicros(usd)
        : precision === 'auto'
          ? formatUsdAuto(usd)
          : formatUsd(usd)}
    </span>
  );
}
