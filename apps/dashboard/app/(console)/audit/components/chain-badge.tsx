import { ShieldAlertIcon, ShieldCheckIcon } from '@/components/icons';
import { apiRequestAsUser } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { load } from '@/lib/load';
import { hrefWith } from '@/lib/url';
import { auditVerifySchema } from '@switchyard/contracts';

/** The API recomputes the whole hash chain on each call; a broken link names the first bad event. */
export async function ChainBadge() {
  const result = await load(() =>
    apiRequestAsUser('/admin/audit/verify', auditVerifySchema, { timeoutMs: 60_000 }),
  );
  if (!result.ok) {
    return (
      <span
        role="status"
        className="inline-flex items-center gap-2 rounded-lg border border-zinc-300 px-3 py-1.5 text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300"
      >
        <ShieldAlertIcon className="size-5 text-zinc-500" />
        Chain not verified: {result.error}
      </span>
    );
  }
  const { ok, checked, brokenAt, reason } = result.data;
  if (ok) {
    return (
      <span
        role="status"
        data-testid="chain-badge"
        data-chain="intact"
        className="inline-flex items-center gap-2 rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-1.5 text-sm font-medium text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300"
      >
        <ShieldCheckIcon className="size-5" />
        Chain intact · {formatCount(checked)} events verified
      </span>
    );
  }
  return (
    <a
      role="status"
      data-testid="chain-badge"
      data-chain="broken"
      href={hrefWith('/audit', {})}
      title={brokenAt ? `Event #${brokenAt}: ${reason ?? 'does not match'}` : undefined}
      className="inline-flex items-center gap-2 rounded-lg border border-red-300 bg-red-50 px-3 py-1.5 text-sm font-semibold text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-300"
    >
      <ShieldAlertIcon className="size-5" />
      Chain broken at event #{brokenAt ?? '?'} ({formatCount(checked)} checked)
    </a>
  );
}

export function ChainBadgeSkeleton() {
  return (
    <span
      role="status"
      className="inline-flex animate-pulse items-center gap-2 rounded-lg border border-zinc-200 px-3 py-1.5 text-sm text-zinc-500 dark:border-zinc-800"
    >
      <ShieldCheckIcon className="size-5" />
      Verifying chain…
    </span>
  );
}
