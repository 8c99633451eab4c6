import { usdToMicros } from './money';

/** A rounded top for a value axis and its evenly spaced ticks: 0, 2.5, 5, 7.5, 10 rather than 0, 2.37, … */
export function niceScale(max: number, tickCount = 4): { max: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const rough = max / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough)!;
  const top = step * Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let tick = 0; tick <= top + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return { max: top, ticks };
}

export interface Series {
  key: string;
  label: string;
  /** USD per category (e.g. per day). */
  values: ReadonlyMap<string, number>;
}

export interface StackSegment {
  seriesKey: string;
  label: string;
  value: number;
  /** Stack bounds in USD. */
  from: number;
  to: number;
}

export interface StackedColumn {
  category: string;
  total: number;
  segments: StackSegment[];
}

/** Stacks series per category, in series order, skipping empty segments. Totals are summed in micro-dollars. */
export function stackColumns(categories: readonly string[], series: readonly Series[]): StackedColumn[] {
  return categories.map((category) => {
    let micros = 0;
    const segments: StackSegment[] = [];
    for (const s of series) {
      const value = s.values.get(category) ?? 0;
      if (value <= 0) continue;
      const from = micros / 1e6;
      micros += usdToMicros(value);
      segments.push({ seriesKey: s.key, label: s.label, value, from, to: micros / 1e6 });
    }
    return { category, total: micros / 1e6, segments };
  });
}

/** Eight hues that stay apart in light and dark themes; the last series ("other") is always grey. */
export const SERIES_COLOURS = [
  'fill-emerald-500',
  'fill-sky-500',
  'fill-amber-500',
  'fill-violet-500',
  'fill-rose-500',
  'fill-teal-400',
  'fill-orange-400',
  'fill-indigo-400',
] as const;

export const OTHER_COLOUR = 'fill-zinc-400 dark:fill-zinc-600';

export function seriesColour(index: number, isOther: boolean): string {
  return isOther ? OTHER_COLOUR : SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

/** Legend swatches; written out in full so the stylesheet generator sees every class. */
export const SERIES_SWATCHES = [
  'bg-emerald-500',
  'bg-sky-500',
  'bg-amber-500',
  'bg-violet-500',
  'bg-rose-500',
  'bg-teal-400',
  'bg-orange-400',
  'bg-indigo-400',
] as const;

export function seriesSwatch(index: number, isOther: boolean): string {
  return isOther ? 'bg-zinc-400 dark:bg-zinc-600' : SERIES_SWATCHES[index % SERIES_SWATCHES.length]!;
}
