import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { SkeletonPanel } from '@/components/ui/skeleton';
import { linkStyle } from '@/components/ui/styles';
import { can } from '@/lib/permissions';
import { getViewer } from '@/lib/viewer';
import { NewKeyView } from './new-key-view';

export const metadata: Metadata = { title: 'Add provider keys' };

export default async function NewKeyPage() {
  const viewer = await getViewer();
  if (!can(viewer, 'keys.manage')) return <NotAllowed what="Adding provider keys" />;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Add provider keys"
        description={
          <>
            Paste one key, or import many at once. Back to{' '}
            <Link href="/keys" className={linkStyle}>
              all keys
            </Link>
            .
          </>
        }
      />
      <Suspense fallback={<SkeletonPanel rows={6} label="Loading providers" />}>
        <NewKeyView />
      </Suspense>
    </div>
  );
}
