import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadIcon } from '@/components/icons';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { buttonStyles } from '@/components/ui/styles';
import { can } from '@/lib/permissions';
import { hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { RequestLookupForm } from './components/request-lookup-form';
import { UsageFiltersForm } from './components/usage-filters-form';
import { UsageTabs } from './components/usage-tabs';
import { parseUsageFilters, usageParams } from './filters';
import { UsageView } from './usage-view';

export const metadata: Metadata = { title: 'Usage' };

export default async function UsagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  const filters = parseUsageFilters(params);
  const canGroupByKey = can(viewer, 'usage.byKey');
  const csvHref = hrefWith('/api/usage.csv', { ...usageParams(filters), cursor: undefined });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Usage"
        description="Requests, tokens, cost and latency, grouped as you choose. Days are UTC; the end date is included."
        actions={
          <a href={csvHref} className={buttonStyles.secondary} download>
            <DownloadIcon className="size-4" />
            Export CSV
          </a>
        }
      />
      <UsageTabs current="usage" />
      <UsageFiltersForm filters={filters} canGroupByKey={canGroupByKey} />
      {can(viewer, 'requestBodies.read') ? <RequestLookupForm /> : null}
      <Suspense key={JSON.stringify(filters)} fallback={<SkeletonPanel rows={8} label="Loading usage" />}>
        <UsageView filters={filters} canGroupByKey={canGroupByKey} />
      </Suspense>
    </div>
  );
}
