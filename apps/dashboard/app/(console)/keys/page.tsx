import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { PlusIcon } from '@/components/icons';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { buttonStyles } from '@/components/ui/styles';
import { can } from '@/lib/permissions';
import type { SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { KeyFiltersForm } from './components/key-filters-form';
import { parseKeyFilters } from './filters';
import { KeysView } from './keys-view';

export const metadata: Metadata = { title: 'Provider keys' };

export default async function KeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!can(viewer, 'keys.read')) return <NotAllowed what="Provider keys" />;
  const filters = parseKeyFilters(params);
  const canManage = can(viewer, 'keys.manage');

  return (
    <div className="space-y-6">
      <PageHeader
        title="Provider keys"
        description="Every upstream key in the pool with its live state: cooling keys count down to the moment the gateway uses them again."
        actions={
          canManage ? (
            <Link href="/keys/new" className={buttonStyles.primary}>
              <PlusIcon className="size-4" />
              Add keys
            </Link>
          ) : null
        }
      />
      <Suspense fallback={null}>
        <KeyFiltersForm filters={filters} />
      </Suspense>
      <Suspense key={JSON.stringify(filters)} fallback={<SkeletonPanel rows={6} label="Loading keys" />}>
        <KeysView filters={filters} canManage={canManage} />
      </Suspense>
    </div>
  );
}
