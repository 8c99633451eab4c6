import { POLL_INTERVAL_MS } from '../hooks/use-key-states';

/** Tells the reader the table keeps itself current, and says so plainly when it cannot. */
export function LiveIndicator({
  updatedAt,
  error,
  now,
}: {
  updatedAt: number | null;
  error: string | null;
  now: number | null;
}) {
  const age = updatedAt !== null && now !== null ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  if (error) {
    return (
      <p
        role="alert"
        className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-5 py-2 text-xs text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
      >
        <span aria-hidden="true" className="size-2 rounded-full bg-amber-500" />
        Live updates are failing ({error}); showing state from {age ?? '?'} s ago. Retrying every{' '}
        {POLL_INTERVAL_MS / 1000} s.
      </p>
    );
  }
  return (
    <p className="flex items-center gap-2 px-5 py-2 text-xs text-zinc-500 dark:text-zinc-400">
      <span aria-hidden="true" className="relative flex size-2">
        <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
      </span>
      Live · refreshes every {POLL_INTERVAL_MS / 1000} s{age !== null ? ` · updated ${age} s ago` : ''}
    </p>
  );
}
