import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { can } from '@/lib/permissions';
import type { SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { UsageTabs } from '../components/usage-tabs';
import { RequestsFiltersForm } from './components/requests-filters-form';
import { parseRequestFilters } from './filters';
import { RequestBodiesView } from './request-bodies-view';
import { RequestsView } from './requests-view';

export const metadata: Metadata = { title: 'Requests' };

export default async function RequestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (typeof params.requestId === 'string') return <RequestBodiesView requestId={params.requestId.trim()} />;
  const filters = parseRequestFilters(params);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Usage"
        description="Each request through the gateway, newest first. Refusals by the gateway's own rules are told apart from errors."
      />
      <UsageTabs current="requests" />
      <RequestsFiltersForm filters={filters} canSeeKeys={can(viewer, 'usage.byKey')} />
      <Suspense key={JSON.stringify(filters)} fallback={<SkeletonPanel rows={10} label="Loading requests" />}>
        <RequestsView filters={filters} />
      </Suspense>
    </div>
  );
}
