import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { can } from '@/lib/permissions';
import type { SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { AuditView } from './audit-view';
import { AuditFiltersForm } from './components/audit-filters-form';
import { ChainBadge, ChainBadgeSkeleton } from './components/chain-badge';
import { parseAuditFilters } from './filters';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'audit.read')) return <NotAllowed what="The audit log" />;
  const filters = parseAuditFilters(params);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change made through the control plane, newest first. Each event is hash-chained to the one before it."
        actions={
          <Suspense fallback={<ChainBadgeSkeleton />}>
            <ChainBadge />
          </Suspense>
        }
      />
      <AuditFiltersForm filters={filters} />
      <Suspense
        key={JSON.stringify(filters)}
        fallback={<SkeletonPanel rows={10} label="Loading audit events" />}
      >
        <AuditView filters={filters} />
      </Suspense>
    </div>
  );
}
