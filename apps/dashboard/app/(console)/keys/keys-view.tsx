import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { buttonStyles, panelStyle } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { readKeyStates } from '@/lib/key-states';
import { load } from '@/lib/load';
import { requireSessionToken } from '@/lib/session';
import { hrefWith } from '@/lib/url';
import { LiveKeysTable } from './components/live-keys-table';
import type { KeyFilters } from './filters';
import { providerKeyPageSchema } from '@switchyard/contracts';

const PAGE_SIZE = 25;

export async function KeysView({ filters, canManage }: { filters: KeyFilters; canManage: boolean }) {
  const { cursor, ...criteria } = filters;
  const keys = await load(() =>
    apiRequestAsUser(
      hrefWith('/admin/provider-keys', { ...criteria, cursor, limit: PAGE_SIZE }),
      providerKeyPageSchema,
    ),
  );
  if (!keys.ok) return <ErrorPanel title="Could not load provider keys" message={keys.error} />;

  const filtered = Object.values(criteria).some(Boolean);
  if (keys.data.items.length === 0) {
    return (
      <div className={panelStyle}>
        {filtered ? (
          <EmptyState
            title="No keys match these filters"
            action={
              <Link href="/keys" className={buttonStyles.secondary}>
                Clear filters
              </Link>
            }
          />
        ) : (
          <EmptyState
            title="No provider keys yet"
            action={
              canManage ? (
                <Link href="/keys/new" className={buttonStyles.primary}>
                  Add your first key
                </Link>
              ) : null
            }
          >
            Add OpenAI, Anthropic, Gemini or OpenAI-compatible keys; the gateway spreads traffic across them
            and rests keys the provider rate-limits.
          </EmptyState>
        )}
      </div>
    );
  }

  const token = await requireSessionToken();
  const renderedAt = Date.now();
  const states = await load(() => readKeyStates(token, new Set(keys.data.items.map((key) => key.id))));

  return (
    <div className={panelStyle}>
      {!states.ok ? (
        <div className="p-4">
          <ErrorPanel title="Live key state is unavailable" message={states.error} />
        </div>
      ) : null}
      <LiveKeysTable
        keys={keys.data.items}
        initialStates={states.ok ? states.data : []}
        renderedAt={renderedAt}
        canManage={canManage}
      />
      <Pager
        label="Key pages"
        isFirstPage={!cursor}
        firstHref={hrefWith('/keys', criteria)}
        nextHref={
          keys.data.nextCursor ? hrefWith('/keys', { ...criteria, cursor: keys.data.nextCursor }) : null
        }
      />
    </div>
  );
}
