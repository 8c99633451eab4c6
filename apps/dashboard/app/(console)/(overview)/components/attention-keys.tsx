import Link from 'next/link';
import { Countdown } from '@/components/countdown';
import { KeyStatusBadge } from '@/components/key-status-badge';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { describeReason, keysNeedingAttention } from '@/lib/key-health';
import { readKeyStates } from '@/lib/key-states';
import { load } from '@/lib/load';
import { requireSessionToken } from '@/lib/session';

const SHOWN = 8;

export async function AttentionKeys() {
  const token = await requireSessionToken();
  const states = await load(() => readKeyStates(token));
  if (!states.ok) return <ErrorPanel message={states.error} />;
  const now = Date.now();
  const attention = keysNeedingAttention(states.data, now);
  if (states.data.length === 0) {
    return <EmptyState title="No provider keys yet">Add keys to start routing traffic.</EmptyState>;
  }
  if (attention.length === 0) {
    return (
      <EmptyState title="Every key is healthy">
        None of the {states.data.length} keys is refused, disabled, out of quota or resting long.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="attention-keys">
      {attention.slice(0, SHOWN).map(({ state, health, why }) => (
        <li
          key={state.keyId}
          className="flex flex-wrap items-center justify-between gap-3 py-2.5 first:pt-0 last:pb-0"
        >
          <div className="min-w-0">
            <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">
              {state.label ?? state.keyId.slice(0, 8)}{' '}
              <span className="font-normal text-zinc-500 dark:text-zinc-400">
                {state.provider}
                {state.last4 ? ` ••••${state.last4}` : ''}
              </span>
            </p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {why}
              {health.reason ? ` · ${describeReason(health.reason)}` : ''}
            </p>
          </div>
          <div className="flex items-center gap-3">
            {health.until ? <Countdown until={health.until} /> : null}
            <KeyStatusBadge status={health.status} />
          </div>
        </li>
      ))}
      {attention.length > SHOWN ? (
        <li className="pt-2.5 text-xs text-zinc-500 dark:text-zinc-400">
          And {attention.length - SHOWN} more on the <Link href="/keys">Keys page</Link>.
        </li>
      ) : null}
    </ul>
  );
}
