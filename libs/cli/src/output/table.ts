import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import { type Style } from './style.js';

export interface TableLayout {
  /** The widest the table may be, usually the terminal's width. */
  width: number;
  style: Style;
  /** Columns that give up width first when the table is too wide (by default the widest ones). */
  shrinkable?: readonly number[];
}

const GAP = 2;
const MIN_COLUMN = 6;
const visibleLength = (text: string) => [...stripVTControlCharacters(text)].length;

/**
 * Left-aligned columns two spaces apart under a bold header, with no box lines, so output stays easy to read and
 * to copy. When the table is wider than the layout allows, shrinkable columns are cut (with "…") until it fits.
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  layout: TableLayout,
): string {
  const widths = head.map((title, column) =>
    Math.max(visibleLength(title), ...rows.map((row) => visibleLength(row[column] ?? ''))),
  );
  fit(widths, layout);
  const table = new Table({
    head: head.map((title) => layout.style.bold(title)),
    colWidths: widths,
    wordWrap: false,
    truncate: '…',
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: ' '.repeat(GAP),
    },
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [], compact: true },
  });
  table.push(...rows.map((row) => head.map((_, column) => row[column] ?? '')));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

function fit(widths: number[], layout: TableLayout): void {
  const total = () => widths.reduce((sum, width) => sum + width, 0) + GAP * (widths.length - 1);
  const shrinkable = layout.shrinkable ?? widths.map((_, index) => index);
  while (total() > layout.width) {
    const widest = shrinkable
      .filter((column) => (widths[column] ?? 0) > MIN_COLUMN)
      .sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0))[0];
    if (widest === undefined) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
}
