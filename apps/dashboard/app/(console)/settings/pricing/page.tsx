import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { z } from 'zod';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { buttonStyles, inputStyle, linkStyle, tableStyles } from '@/components/ui/styles';
import { apiRequestAsUser } from '@/lib/api';
import { formatDate, formatPrice } from '@/lib/format';
import { load } from '@/lib/load';
import { can } from '@/lib/permissions';
import { firstParam, hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { DeletePriceButton, EditPriceLink, PriceForm } from '../components/price-form';
import { pricePageSchema } from '@switchyard/contracts';

export const metadata: Metadata = { title: 'Pricing' };

const PAGE_SIZE = 50;

export default async function PricingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  const provider = z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,49}$/)
    .safeParse(firstParam(params, 'provider'));
  const cursor = firstParam(params, 'cursor')?.slice(0, 512);
  const filter = provider.success ? provider.data : undefined;
  const canManage = can(viewer, 'pricing.manage');
  return (
    <div className={canManage ? 'grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]' : ''}>
      <Panel
        id="prices"
        title="Model prices"
        description="USD per million tokens. Costs are computed from these when a request completes."
        flush
        actions={
          <form
            method="get"
            action="/settings/pricing"
            className="flex items-center gap-2"
            aria-label="Filter prices"
          >
            <label htmlFor="price-filter-provider" className="sr-only">
              Provider
            </label>
            <input
              id="price-filter-provider"
              name="provider"
              placeholder="provider"
              defaultValue={filter ?? ''}
              className={`${inputStyle} w-32 py-1.5`}
            />
            <button type="submit" className={buttonStyles.small}>
              Filter
            </button>
            {filter ? (
              <Link href="/settings/pricing" className={`${linkStyle} text-xs`}>
                Clear
              </Link>
            ) : null}
          </form>
        }
      >
        <Suspense key={`${filter}-${cursor}`} fallback={<SkeletonRows rows={8} />}>
          <PriceTable provider={filter} cursor={cursor} canManage={canManage} />
        </Suspense>
      </Panel>
      {canManage ? (
        <Panel id="edit-price" title="Add or change a price" className="self-start">
          <PriceForm />
        </Panel>
      ) : null}
    </div>
  );
}

async function PriceTable({
  provider,
  cursor,
  canManage,
}: {
  provider?: string;
  cursor?: string;
  canManage: boolean;
}) {
  const prices = await load(() =>
    apiRequestAsUser(hrefWith('/admin/pricing', { provider, cursor, limit: PAGE_SIZE }), pricePageSchema),
  );
  if (!prices.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={prices.error} />
      </div>
    );
  if (prices.data.items.length === 0)
    return <EmptyState title="No prices">Models without a price are recorded at $0.</EmptyState>;
  return (
    <>
      <div className={tableStyles.wrapper}>
        <table className={tableStyles.table} data-testid="price-table">
          <thead>
            <tr>
              <th scope="col" className={tableStyles.th}>
                Model
              </th>
              <th scope="col" className={tableStyles.thNumeric}>
                Input
              </th>
              <th scope="col" className={tableStyles.thNumeric}>
                Cached input
              </th>
              <th scope="col" className={tableStyles.thNumeric}>
                Output
              </th>
              <th scope="col" className={tableStyles.th}>
                Updated
              </th>
              {canManage ? (
                <th scope="col" className={tableStyles.th}>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className={tableStyles.body}>
            {prices.data.items.map((price) => (
              <tr key={`${price.provider}/${price.model}`}>
                <th
                  scope="row"
                  className={`${tableStyles.td} text-left font-mono text-xs font-normal whitespace-nowrap`}
                >
                  {price.provider}/{price.model}
                </th>
                <td className={tableStyles.tdNumeric}>{formatPrice(price.inputUsdPerMTok)}</td>
                <td className={tableStyles.tdNumeric}>
                  {price.cachedInputUsdPerMTok === null ? '—' : formatPrice(price.cachedInputUsdPerMTok)}
                </td>
                <td className={tableStyles.tdNumeric}>{formatPrice(price.outputUsdPerMTok)}</td>
                <td className={`${tableStyles.td} whitespace-nowrap`}>
                  {price.updatedAt ? formatDate(price.updatedAt) : 'default'}
                </td>
                {canManage ? (
                  <td className={tableStyles.td}>
                    <div className="flex justify-end gap-1">
                      <EditPriceLink price={price} />
                      <DeletePriceButton provider={price.provider} model={price.model} />
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label="Price pages"
        isFirstPage={!cursor}
        firstHref={hrefWith('/settings/pricing', { provider })}
        nextHref={
          prices.data.nextCursor
            ? hrefWith('/settings/pricing', { provider, cursor: prices.data.nextCursor })
            : null
        }
      />
    </>
  );
}
