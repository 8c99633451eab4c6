/** Shared class lists, so every control in the console looks and focuses alike. */

export const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-signal-600 dark:focus-visible:outline-signal-500';

const buttonBase = `inline-flex items-center justify-center gap-1.5 rounded-lg text-sm font-semibold whitespace-nowrap transition disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

export const buttonStyles = {
  primary: `${buttonBase} bg-signal-600 px-3.5 py-2 text-white shadow-sm hover:bg-signal-700 dark:bg-signal-500 dark:text-zinc-950 dark:hover:bg-signal-400`,
  secondary: `${buttonBase} border border-zinc-300 bg-white px-3 py-2 text-zinc-800 shadow-xs hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`,
  danger: `${buttonBase} bg-red-600 px-3.5 py-2 text-white shadow-sm hover:bg-red-700 dark:bg-red-500 dark:hover:bg-red-400 dark:text-zinc-950`,
  dangerGhost: `${buttonBase} px-2.5 py-1.5 text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950/50`,
  ghost: `${buttonBase} px-2.5 py-1.5 text-zinc-700 hover:bg-zinc-900/5 dark:text-zinc-300 dark:hover:bg-white/10`,
  small: `${buttonBase} border border-zinc-300 bg-white px-2.5 py-1 text-xs text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`,
} as const;

export const linkStyle = `rounded font-medium text-signal-700 underline-offset-2 hover:underline dark:text-signal-400 ${focusRing}`;

export const inputStyle =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs outline-hidden transition placeholder:text-zinc-400 ' +
  'focus:border-signal-600 focus:ring-1 focus:ring-signal-600 ' +
  'aria-invalid:border-red-500 aria-invalid:focus:border-red-500 aria-invalid:focus:ring-red-500 ' +
  'disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 ' +
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 dark:disabled:bg-zinc-800/60 ' +
  'dark:focus:border-signal-500 dark:focus:ring-signal-500 dark:aria-invalid:border-red-400';

export const labelStyle = 'block text-sm font-medium text-zinc-800 dark:text-zinc-200';

export const hintStyle = 'mt-1.5 text-xs leading-5 text-zinc-500 dark:text-zinc-400';

export const panelStyle =
  'rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/60';

export const tableStyles = {
  // Positioned, so visually hidden cells stay inside the scroll box instead of widening the page.
  wrapper: 'relative overflow-x-auto',
  table: 'min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800',
  th: 'px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-500 uppercase dark:text-zinc-400',
  thNumeric:
    'px-4 py-2.5 text-right text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-500 uppercase dark:text-zinc-400',
  body: 'divide-y divide-zinc-100 dark:divide-zinc-800/70',
  td: 'px-4 py-2.5 align-top text-zinc-700 dark:text-zinc-300',
  tdNumeric:
    'px-4 py-2.5 text-right align-top whitespace-nowrap text-zinc-700 tabular-nums dark:text-zinc-300',
} as const;
