import type { ReactNode } from 'react';

export interface BarListItem {
  key: string;
  label: ReactNode;
  value: number;
  display: ReactNode;
  detail?: ReactNode;
}

/** Ranked horizontal bars, widths relative to the largest value. */
export function BarList({ items, label }: { items: readonly BarListItem[]; label: string }) {
  const max = Math.max(0, ...items.map((item) => item.value));
  return (
    <ul className="space-y-3" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="min-w-0 truncate font-medium text-zinc-800 dark:text-zinc-200">
              {item.label}
            </span>
            <span className="shrink-0 text-zinc-700 tabular-nums dark:text-zinc-300">{item.display}</span>
          </div>
          <div
            className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
            aria-hidden="true"
          >
            <div
              className="h-full rounded-full bg-signal-500"
              style={{ width: `${max > 0 ? Math.max(1, (item.value / max) * 100) : 0}%` }}
            />
          </div>
          {item.detail ? (
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{item.detail}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
