import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { SkeletonRows } from '@/components/ui/skeleton';
import { apiRequestAsUser } from '@/lib/api';
import { load } from '@/lib/load';
import { ROLE_LABELS, viewerLabel } from '@/lib/permissions';
import { consoleSessionPageSchema } from '@switchyard/contracts';
import { firstParam, hrefWith, type SearchParams } from '@/lib/url';
import { getViewer } from '@/lib/viewer';
import { ChangePasswordForm } from './components/change-password-form';
import { SessionsTable } from './components/sessions-table';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  const cursor = firstParam(params, 'cursor')?.slice(0, 512);
  if (viewer.kind !== 'user')
    return (
      <div className="space-y-6">
        <PageHeader title="Your account" description={`Signed in with the API key ${viewer.name}.`} />
        <EmptyState title="API keys have no password or sessions" />
      </div>
    );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Your account"
        description={`${viewerLabel(viewer)} · ${ROLE_LABELS[viewer.role]}. Sign-ins you no longer recognise can be ended here.`}
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Panel
          id="sessions"
          title="Your sessions"
          description="Every place you are signed in to this console."
          flush
        >
          <Suspense key={cursor ?? ''} fallback={<SkeletonRows rows={3} />}>
            <Sessions cursor={cursor} />
          </Suspense>
        </Panel>
        <Panel id="password" title="Change your password" className="self-start">
          {viewer.hasPassword !== false ? (
            <ChangePasswordForm />
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              You sign in through single sign-on; your password is managed by your identity provider.
            </p>
          )}
        </Panel>
      </div>
    </div>
  );
}

async function Sessions({ cursor }: { cursor?: string }) {
  const sessions = await load(() =>
    apiRequestAsUser(hrefWith('/admin/auth/sessions', { cursor, limit: 50 }), consoleSessionPageSchema),
  );
  if (!sessions.ok)
    return (
      <div className="p-4">
        <ErrorPanel message={sessions.error} />
      </div>
    );
  if (sessions.data.items.length === 0) return <EmptyState title="No live sessions" />;
  return (
    <>
      <SessionsTable sessions={sessions.data.items} />
      <Pager
        label="Session pages"
        isFirstPage={!cursor}
        firstHref="/account"
        nextHref={
          sessions.data.nextCursor ? hrefWith('/account', { cursor: sessions.data.nextCursor }) : null
        }
      />
    </>
  );
}
