'use client';

import { formatDateTime, formatDuration } from '@/lib/format';
import { useNow } from '@/hooks/use-now';

/**
 * Time left until `until`, ticking each second. `offsetMs` corrects for the browser's clock differing from
 * the server's, as measured when the data arrived.
 */
export function Countdown({
  until,
  offsetMs = 0,
  endedLabel = 'any moment',
}: {
  until: string;
  offsetMs?: number;
  endedLabel?: string;
}) {
  const now = useNow();
  const target = Date.parse(until);
  const label =
    now === null
      ? '…'
      : target - (now + offsetMs) <= 0
        ? endedLabel
        : formatDuration((target - (now + offsetMs)) / 1000);
  return (
    <time
      dateTime={until}
      title={`Until ${formatDateTime(until)}`}
      className="font-mono text-xs tabular-nums"
      data-testid="cooldown-countdown"
    >
      {label}
    </time>
  );
}
