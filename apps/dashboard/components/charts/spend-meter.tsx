import { formatPercent, formatUsd } from '@/lib/format';

/** Spend against a budget limit; amber past the alert threshold, red at the limit. */
export function SpendMeter({
  spentUsd,
  limitUsd,
  alertAtPercent,
  label,
}: {
  spentUsd: number;
  limitUsd: number;
  alertAtPercent: number | null;
  label: string;
}) {
  const fraction = limitUsd > 0 ? spentUsd / limitUsd : spentUsd > 0 ? 1 : 0;
  const tone =
    fraction >= 1
      ? 'bg-red-500'
      : alertAtPercent !== null && fraction * 100 >= alertAtPercent
        ? 'bg-amber-500'
        : 'bg-signal-500';
  return (
    <div className="space-y-1">
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limitUsd}
        aria-valuenow={Math.min(spentUsd, limitUsd)}
        aria-valuetext={`${formatUsd(spentUsd)} of ${formatUsd(limitUsd)} (${formatPercent(fraction, 0)})`}
        className="relative h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        <div
          className={`h-full rounded-full ${tone}`}
          style={{ width: `${Math.min(100, fraction * 100)}%` }}
        />
        {alertAtPercent !== null && alertAtPercent < 100 ? (
          <div
            aria-hidden="true"
            className="absolute inset-y-0 w-px bg-zinc-500/60 dark:bg-zinc-400/60"
            style={{ left: `${alertAtPercent}%` }}
          />
        ) : null}
      </div>
      <p className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
        {formatUsd(spentUsd)} of {formatUsd(limitUsd)} · {formatPercent(fraction, 0)}
      </p>
    </div>
  );
}
