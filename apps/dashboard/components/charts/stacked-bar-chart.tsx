import { niceScale, seriesColour, seriesSwatch, stackColumns, type Series } from '@/lib/chart';
import { formatShortDay, formatUsd, formatUsdAxis } from '@/lib/format';

const SIZES = {
  regular: { width: 800, height: 260 },
  /** For half-width panels, so the labels stay readable when the drawing is scaled down. */
  compact: { width: 480, height: 220 },
} as const;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 60 };

export interface ChartSeries extends Series {
  isOther?: boolean;
}

/**
 * Cost per day as stacked columns, drawn as plain SVG. Every segment carries a tooltip, and the numbers are
 * repeated in a visually hidden table for screen readers.
 */
export function StackedBarChart({
  id,
  title,
  days,
  series,
  size = 'regular',
}: {
  id: string;
  title: string;
  days: readonly string[];
  series: readonly ChartSeries[];
  size?: keyof typeof SIZES;
}) {
  const { width: WIDTH, height: HEIGHT } = SIZES[size];
  const columns = stackColumns(days, series);
  const maxTotal = Math.max(0, ...columns.map((column) => column.total));
  const scale = niceScale(maxTotal);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const y = (usd: number) => MARGIN.top + plotHeight - (usd / scale.max) * plotHeight;
  const labelEvery = Math.ceil(days.length / (size === 'compact' ? 6 : 10));
  const colourOf = new Map(series.map((s, index) => [s.key, seriesColour(index, s.isOther ?? false)]));

  return (
    <figure aria-labelledby={`${id}-title`} className="relative space-y-3">
      <figcaption id={`${id}-title`} className="sr-only">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full overflow-visible"
        role="img"
        aria-labelledby={`${id}-title`}
        data-testid={`${id}-svg`}
      >
        {scale.ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-zinc-200 dark:stroke-zinc-800"
              strokeDasharray={tick === 0 ? undefined : '3 4'}
            />
            <text
              x={MARGIN.left - 8}
              y={y(tick)}
              dy="0.32em"
              textAnchor="end"
              className="fill-zinc-500 text-[11px] tabular-nums dark:fill-zinc-400"
            >
              {formatUsdAxis(tick, scale.ticks[1] ?? scale.max)}
            </text>
          </g>
        ))}
        {columns.map((column, index) => {
          const x = MARGIN.left + slot * index + (slot - barWidth) / 2;
          return (
            <g key={column.category}>
              {column.segments.map((segment) => (
                <rect
                  key={segment.seriesKey}
                  x={x}
                  width={barWidth}
                  y={y(segment.to)}
                  height={Math.max(0.5, y(segment.from) - y(segment.to))}
                  rx={1.5}
                  className={colourOf.get(segment.seriesKey)}
                >
                  <title>{`${formatShortDay(column.category)} · ${segment.label}: ${formatUsd(segment.value)}`}</title>
                </rect>
              ))}
              {index % labelEvery === 0 ? (
                <text
                  x={x + barWidth / 2}
                  y={HEIGHT - 8}
                  textAnchor="middle"
                  className="fill-zinc-500 text-[11px] dark:fill-zinc-400"
                >
                  {formatShortDay(column.category)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul
        className="flex flex-wrap gap-x-4 gap-y-1.5 text-xs text-zinc-600 dark:text-zinc-400"
        aria-label="Legend"
      >
        {series.map((s, index) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`size-2.5 rounded-sm ${seriesSwatch(index, s.isOther ?? false)}`}
            />
            {s.label}
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.category}>
              <th scope="row">{column.category}</th>
              {series.map((s) => (
                <td key={s.key}>{formatUsd(s.values.get(column.category) ?? 0)}</td>
              ))}
              <td>{formatUsd(column.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
