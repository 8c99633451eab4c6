import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { can } from '@/lib/permissions';
import type { SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { parseTokenFilters } from './filters';
import { TokensView } from './tokens-view';

export const metadata: Metadata = { title: 'Proxy tokens' };

export default async function TokensPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'tokens.read')) return <NotAllowed what="Proxy tokens" />;
  const filters = parseTokenFilters(params);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Proxy tokens"
        description="The sy-… tokens applications send to the gateway. Each belongs to a team and counts against its budget."
      />
      <Suspense key={JSON.stringify(filters)} fallback={<SkeletonPanel rows={8} label="Loading tokens" />}>
        <TokensView viewer={viewer} filters={filters} />
      </Suspense>
    </div>
  );
}
